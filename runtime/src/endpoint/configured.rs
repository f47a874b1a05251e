//! Endpoint URLs set outside the code, by variables and the shared config file, for every
//! service or for one (botocore's `ConfiguredEndpointProvider`): loaded once by
//! [`env`](crate::env), picked for each client by its service id.

/// One configured URL, and where it was set, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ConfiguredUrl {
    pub url: String,
    pub origin: String,
}

/// The endpoint URLs the environment configures, in botocore's order of precedence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfiguredEndpoints {
    /// `AWS_ENDPOINT_URL_<SERVICE>`, by `<SERVICE>`.
    pub(crate) by_variable: Vec<(String, ConfiguredUrl)>,
    /// `AWS_ENDPOINT_URL`.
    pub(crate) variable: Option<ConfiguredUrl>,
    /// The blocks of the `[services NAME]` section the profile names, by service.
    pub(crate) by_services_section: Vec<(String, ConfiguredUrl)>,
    /// The profile's `endpoint_url`.
    pub(crate) profile: Option<ConfiguredUrl>,
}

impl ConfiguredEndpoints {
    /// The URL configured for the service whose id is `service_id` (`DynamoDB`,
    /// `Elastic Load Balancing v2`): its variable, `AWS_ENDPOINT_URL`, its block of the
    /// services section, the profile's `endpoint_url`, the first that is set and not empty.
    pub fn for_service(&self, service_id: &str) -> Option<&str> {
        self.configured_for(service_id)
            .map(|configured| configured.url.as_str())
    }

    pub(crate) fn configured_for(&self, service_id: &str) -> Option<&ConfiguredUrl> {
        // botocore's `_get_snake_case_service_id`, which for every one of its services is
        // the service id with spaces and hyphens as `_`.
        let snake = service_id.replace([' ', '-'], "_").to_ascii_lowercase();
        let variable = snake.to_ascii_uppercase();
        [
            find(&self.by_variable, &variable),
            self.variable.as_ref(),
            find(&self.by_services_section, &snake),
            self.profile.as_ref(),
        ]
        .into_iter()
        .flatten()
        .find(|configured| !configured.url.is_empty())
    }

    /// Every configured URL, to be checked once when the configuration is built.
    pub(crate) fn all<'a>(&'a self) -> impl Iterator<Item = &'a ConfiguredUrl> {
        let urls = |entries: &'a [(String, ConfiguredUrl)]| entries.iter().map(|(_, url)| url);
        urls(&self.by_variable)
            .chain(self.variable.as_ref())
            .chain(urls(&self.by_services_section))
            .chain(self.profile.as_ref())
            .filter(|configured| !configured.url.is_empty())
    }
}

/// The URL configured for `service` among `entries`.
fn find<'a>(entries: &'a [(String, ConfiguredUrl)], service: &str) -> Option<&'a ConfiguredUrl> {
    entries
        .iter()
        .find(|(name, _)| name == service)
        .map(|(_, configured)| configured)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(url: &str) -> ConfiguredUrl {
        ConfiguredUrl {
            url: url.to_owned(),
            origin: "test".to_owned(),
        }
    }

    #[test]
    fn the_first_non_empty_source_for_the_service_wins() {
        let configured = ConfiguredEndpoints {
            by_variable: vec![
                ("ELASTIC_LOAD_BALANCING_V2".to_owned(), at("http://elb")),
                ("S3".to_owned(), at("")),
            ],
            variable: None,
            by_services_section: vec![("s3".to_owned(), at("http://s3-section"))],
            profile: Some(at("http://profile")),
        };
        assert_eq!(
            configured.for_service("Elastic Load Balancing v2"),
            Some("http://elb")
        );
        assert_eq!(configured.for_service("S3"), Some("http://s3-section"));
        assert_eq!(configured.for_service("DynamoDB"), Some("http://profile"));
        assert_eq!(configured.all().count(), 3);
        assert_eq!(ConfiguredEndpoints::default().for_service("S3"), None);
    }
}
