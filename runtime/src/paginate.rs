//! Paging through an operation's results: [`Pages`] sends the operation again with each
//! response's token until there is none, and [`Items`] flattens the pages' results.
//!
//! Both are read with `while let Some(page) = pages.next().await`, which needs no stream
//! library. Paging stops after the first error (it is yielded, then `next` returns `None`),
//! when a response carries no token (or an empty one, as botocore treats it), and when a
//! response repeats the token its request sent: a service that does that would otherwise be
//! asked for the same page forever. botocore raises `PaginationError` in that last case;
//! here paging simply ends, as the AWS SDKs for Go (v2) and Rust do by default.

use std::sync::Arc;

use crate::client::{ClientCore, Operation};
use crate::error::SdkError;

/// What a generated operation input tells [`Pages`] about its paginator (from botocore's
/// `paginators-1.json`).
pub trait Paginated: Operation + Sized {
    /// The token(s) that ask for the next page.
    type Token: PartialEq;

    /// The token this input sends, if any.
    fn token(&self) -> Option<Self::Token>;

    /// Asks for the page after the one whose response returned `token`.
    fn set_token(&mut self, token: Self::Token);

    /// The token a response returns for the next page; `None` on the last page.
    fn next_token(output: &Self::Output) -> Option<Self::Token>;
}

/// A paginator whose pages hold a list of results (its primary `result_key`).
pub trait PaginatedItems: Paginated {
    /// One result.
    type Item;

    /// A page's results.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

/// Every page of a paginated operation, one request each.
#[derive(Debug)]
pub struct Pages<I> {
    core: Arc<ClientCore>,
    input: I,
    done: bool,
}

impl<I: Paginated> Pages<I> {
    /// Pages from `input` on; its token, if set, is where paging starts.
    pub fn new(core: Arc<ClientCore>, input: I) -> Self {
        Self {
            core,
            input,
            done: false,
        }
    }

    /// Sends the request for the next page; `None` once paging is over.
    pub async fn next(&mut self) -> Option<Result<I::Output, SdkError<I::Error>>> {
        if self.done {
            return None;
        }
        let result = self.core.call(&self.input).await;
        match &result {
            Ok(output) => match I::next_token(output) {
                Some(token) if Some(&token) != self.input.token().as_ref() => {
                    self.input.set_token(token);
                }
                _ => self.done = true,
            },
            Err(_) => self.done = true,
        }
        Some(result)
    }

    /// The input the next request would send.
    pub fn input(&self) -> &I {
        &self.input
    }
}

impl<I: PaginatedItems> Pages<I> {
    /// The results of every page, one at a time.
    pub fn items(self) -> Items<I> {
        Items {
            pages: self,
            page: Vec::new().into_iter(),
        }
    }
}

/// The results of every page of a paginated operation, in order.
#[derive(Debug)]
pub struct Items<I: PaginatedItems> {
    pages: Pages<I>,
    page: std::vec::IntoIter<I::Item>,
}

impl<I: PaginatedItems> Items<I> {
    /// The next result, asking for the next page when this one is used up; `None` once
    /// every page is read. An error ends the results.
    pub async fn next(&mut self) -> Option<Result<I::Item, SdkError<I::Error>>> {
        loop {
            if let Some(item) = self.page.next() {
                return Some(Ok(item));
            }
            match self.pages.next().await? {
                Ok(output) => self.page = I::into_items(output).into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
    }
}
