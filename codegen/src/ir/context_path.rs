//! The JMESPath expressions of `operationContextParams`, as far as AWS models use them.
//!
//! An operation can give the endpoint rules a value from deep in its input: DynamoDB's
//! `BatchGetItem` gives `ResourceArnList` the table names of `keys(RequestItems)`,
//! `TransactWriteItems` those of `TransactItems[*].[ConditionCheck.TableName,
//! Put.TableName, Delete.TableName, Update.TableName][]`. botocore evaluates the expression
//! with a JMESPath interpreter on every call; here it is parsed once, checked against the
//! input's shapes, and generated as plain field access. Only the forms below are accepted;
//! any other expression is refused with the operation's name.

/// What an expression takes from the input. Chains name members by their model names,
/// each member a structure's, from the input structure down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextPath {
    /// `A.B.C`: the string at the end of the chain, unset if any member on it is.
    Value(Vec<String>),
    /// `keys(A.B)`: the keys of the map at the end of the chain.
    Keys(Vec<String>),
    /// `A[*].B.C` or `A[*].[B.C, D.E][]`: for each element of the list at the end of
    /// `list`, the strings at the end of each `select` chain that are set, in order (a
    /// JMESPath projection drops the nulls).
    Each {
        list: Vec<String>,
        select: Vec<Vec<String>>,
    },
}

impl ContextPath {
    /// Whether the expression gives a list of strings rather than one.
    pub fn is_list(&self) -> bool {
        !matches!(self, ContextPath::Value(_))
    }
}

/// Reads an expression's syntax; the caller checks the chains against the model.
pub fn parse(path: &str) -> Result<ContextPath, String> {
    let path = path.trim();
    if let Some(inner) = path.strip_prefix("keys(").and_then(|p| p.strip_suffix(')')) {
        return Ok(ContextPath::Keys(chain(inner)?));
    }
    if let Some((list, rest)) = path.split_once("[*].") {
        let select = match rest.strip_prefix('[').and_then(|r| r.strip_suffix("][]")) {
            Some(items) => items.split(',').map(chain).collect::<Result<_, _>>()?,
            None => vec![chain(rest)?],
        };
        return Ok(ContextPath::Each {
            list: chain(list)?,
            select,
        });
    }
    chain(path).map(ContextPath::Value)
}

/// `A.B.C` → `["A", "B", "C"]`, refusing anything that is not a plain identifier.
fn chain(text: &str) -> Result<Vec<String>, String> {
    text.trim()
        .split('.')
        .map(|name| {
            let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if plain {
                Ok(name.to_owned())
            } else {
                Err(format!("`{name}` is not a member name"))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(chain: &[&str]) -> Vec<String> {
        chain.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn every_form_dynamodb_uses_parses() {
        assert_eq!(
            parse("TableCreationParameters.TableName"),
            Ok(ContextPath::Value(names(&[
                "TableCreationParameters",
                "TableName"
            ])))
        );
        assert_eq!(
            parse("keys(RequestItems)"),
            Ok(ContextPath::Keys(names(&["RequestItems"])))
        );
        assert_eq!(
            parse("TransactItems[*].Get.TableName"),
            Ok(ContextPath::Each {
                list: names(&["TransactItems"]),
                select: vec![names(&["Get", "TableName"])],
            })
        );
        assert_eq!(
            parse("TransactItems[*].[ConditionCheck.TableName, Put.TableName][]"),
            Ok(ContextPath::Each {
                list: names(&["TransactItems"]),
                select: vec![
                    names(&["ConditionCheck", "TableName"]),
                    names(&["Put", "TableName"])
                ],
            })
        );
    }

    #[test]
    fn other_jmespath_is_refused() {
        for path in [
            "Items[0].Name",
            "Items[?Name == 'a']",
            "length(Items)",
            "A || B",
            "Items[*].Tags[*].Key",
            "",
        ] {
            assert!(parse(path).is_err(), "{path}");
        }
    }
}
