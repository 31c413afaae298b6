//! Walking a paged list operation to its end: its pages one after another ([`Pages`]), or their
//! items ([`Items`]), as a [`Stream`].
//!
//! A walk is given a plan (an offset and a limit, a page number and a size, or a cursor read
//! from each response: [`Plan`]) and the operation's own call for a position ([`At`]), so each
//! page is fetched, checked and retried as any call of the operation is. It decides where the
//! next page is and when the list ends:
//!
//! - an empty page ends it; so does a short page (fewer items than the limit or size asked
//!   for), unless the page's total says more remain (a server that caps the limit itself: an
//!   offset still says where the rest starts, a page number does not, and that is an error);
//!   so does a position past the total the last page gave (which may change between pages:
//!   the latest is used), or the number of pages, or, for a cursor, a page without a next
//!   cursor;
//! - a page with more items than were asked for (a server that ignores the limit) is given,
//!   and the walk ends after it with an error; so does a page that gives a cursor already
//!   followed (a cycle); a page with the same items as the page before (a server that ignores
//!   the position) ends it with an error at once. So a server cannot make a walk loop for
//!   ever, and no page with new items is dropped;
//! - a failed call ends it with that error, and the position of the page;
//! - the caller may cap the number of pages ([`Paging::max_pages`]): a walk that reaches the
//!   cap with a next position to ask for (the list may go on) ends with an error, not a
//!   silent end.

use crate::transport::BoxFuture;
use futures_core::Stream;
use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A page of a list: its items, and what it says of the rest of the list.
pub trait Paged {
    /// One entry of the list.
    type Item;

    /// The page's items.
    fn items(&self) -> &[Self::Item];

    /// The page's items, taken out of it.
    fn into_items(self) -> Vec<Self::Item>;

    /// What the page says of the list: its total, its number of pages, the next cursor.
    fn facts(&self) -> PageFacts {
        PageFacts::default()
    }
}

/// A list sent as a bare array: it says nothing of the rest of the list.
impl<T> Paged for Vec<T> {
    type Item = T;

    fn items(&self) -> &[T] {
        self
    }

    fn into_items(self) -> Vec<T> {
        self
    }
}

/// What a page says of the rest of its list, as far as it says anything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageFacts {
    /// How many items the whole list has.
    pub total: Option<i64>,
    /// How many pages the whole list has.
    pub total_pages: Option<i64>,
    /// Where the next page starts, for a list paged by cursor; `None` (or empty) at the end.
    pub next_cursor: Option<String>,
}

impl PageFacts {
    /// Facts with the list's total number of items.
    pub fn total(total: Option<i64>) -> Self {
        Self {
            total,
            ..Self::default()
        }
    }

    /// With the list's number of pages.
    #[must_use]
    pub fn with_total_pages(mut self, total_pages: Option<i64>) -> Self {
        self.total_pages = total_pages;
        self
    }

    /// With the next page's cursor.
    #[must_use]
    pub fn with_next_cursor(mut self, next_cursor: Option<String>) -> Self {
        self.next_cursor = next_cursor;
        self
    }
}

/// How far a walk may go. The default has no cap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Paging {
    /// The most pages the walk fetches; `None` for no cap. Reaching it with a next position to
    /// ask for ends the walk with [`PageErrorKind::CapReached`].
    pub max_pages: Option<u32>,
}

impl Paging {
    /// No cap.
    pub fn new() -> Self {
        Self::default()
    }

    /// At most `max_pages` pages.
    #[must_use]
    pub fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = Some(max_pages);
        self
    }
}

/// Where a page is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum At {
    /// Items skipped before the page.
    Offset(i64),
    /// The page's number.
    Page(i64),
    /// The page's cursor; `None` for the first page.
    Cursor(Option<String>),
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Offset(offset) => write!(f, "offset {offset}"),
            At::Page(page) => write!(f, "page number {page}"),
            At::Cursor(None) => f.write_str("the first cursor"),
            // A cursor is the server's opaque position, not a secret; it is shown so that a
            // walk can be resumed from it.
            At::Cursor(Some(cursor)) => write!(f, "cursor `{cursor}`"),
        }
    }
}

/// How a list pages, and where the walk starts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Plan {
    /// An offset (items to skip) and a limit (items per page).
    Offset {
        /// The first page's offset.
        start: i64,
        /// The limit asked for; `None` leaves it to the server, and then only an empty page or
        /// the total ends the list.
        limit: Option<i64>,
        /// The largest offset the parameter can carry (its type's maximum).
        max: i64,
    },
    /// A page number and a page size.
    Page {
        /// The first page's number.
        start: i64,
        /// The number of the list's first page (0 or 1), for its number of pages.
        first: i64,
        /// The size asked for; `None` leaves it to the server, and then a short page does not
        /// end the list, nor does its total (only its number of pages, or an empty page).
        size: Option<i64>,
        /// The largest page number the parameter can carry.
        max: i64,
    },
    /// A cursor, read from each page.
    Cursor {
        /// The first page's cursor; `None` for the start of the list.
        start: Option<String>,
    },
}

/// A page's place in a walk, for its errors.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PagePosition {
    /// The page's index in the walk, from 0.
    pub index: u32,
    /// Where it was asked for.
    pub at: At,
}

impl fmt::Display for PagePosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "page {} of the walk ({})", self.index + 1, self.at)
    }
}

/// Why a walk ended early, at which page.
#[derive(Debug)]
#[non_exhaustive]
pub struct PageError<E> {
    /// The page at which it ended.
    pub position: PagePosition,
    /// Why.
    pub kind: PageErrorKind<E>,
}

/// Why a walk ended early.
#[derive(Debug)]
#[non_exhaustive]
pub enum PageErrorKind<E> {
    /// The call for the page failed (after the retries its operation allows).
    Call(E),
    /// The page has more items than were asked for: the server ignores the limit, so where
    /// the next page starts cannot be known. Comes after the page.
    LimitIgnored {
        /// The limit or size asked for.
        asked: i64,
        /// The items the page has.
        got: usize,
    },
    /// The page has the same items as the one before it: the server ignores the position,
    /// and the walk would never end. (A list whose entries have no identity of their own, such
    /// as bare numbers, can have two equal pages in a row; such a list is not walked here.)
    Repeated,
    /// The page gives a cursor the walk has already followed: following it would go round for
    /// ever. Comes after the page that gave it.
    RepeatedCursor {
        /// The cursor.
        cursor: String,
    },
    /// A page numbered list sent fewer items than the size asked for while its total says
    /// more remain: its pages are smaller than their numbers assume, and the next number would
    /// skip items. Comes after the page.
    ShortPage {
        /// The size asked for.
        asked: i64,
        /// The items the page has.
        got: usize,
    },
    /// The walk fetched as many pages as its cap allows, and the list may go on.
    CapReached {
        /// The cap.
        max_pages: u32,
    },
    /// The next position does not fit the operation's parameter (its type's maximum).
    Overflow,
}

impl<E: fmt::Display> fmt::Display for PageError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.position)?;
        match &self.kind {
            PageErrorKind::Call(error) => write!(f, "{error}"),
            PageErrorKind::LimitIgnored { asked, got } => write!(
                f,
                "the server sent {got} items where at most {asked} were asked for"
            ),
            PageErrorKind::Repeated => f.write_str("the server sent the page before it again"),
            PageErrorKind::RepeatedCursor { cursor } => {
                write!(f, "the server gave the cursor `{cursor}` again")
            }
            PageErrorKind::ShortPage { asked, got } => write!(
                f,
                "the server sent {got} items where {asked} were asked for, and the list goes on"
            ),
            PageErrorKind::CapReached { max_pages } => {
                write!(f, "the list goes on past the cap of {max_pages} pages")
            }
            PageErrorKind::Overflow => {
                f.write_str("the next position does not fit the operation's parameter")
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for PageError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            PageErrorKind::Call(error) => Some(error),
            _ => None,
        }
    }
}

/// The call that fetches the page at a position.
pub type Fetch<'a, P, E> = Box<dyn FnMut(At) -> BoxFuture<'a, Result<P, E>> + Send + 'a>;

/// The pages of a list, one call each, as a [`Stream`]; or, without a `Stream` library, with
/// [`Pages::next`]. Ends after the last page, or after the first error.
pub struct Pages<'a, P: Paged, E> {
    fetch: Fetch<'a, P, E>,
    plan: Plan,
    paging: Paging,
    /// Where the next page is, or `None` once the walk has ended.
    next: Option<At>,
    /// Pages fetched so far.
    fetched: u32,
    /// The call for the page at `in_flight.0`, while it runs.
    in_flight: Option<(At, BoxFuture<'a, Result<P, E>>)>,
    /// The items of the page before, to tell a repeated page.
    previous: Vec<P::Item>,
    /// The cursors followed so far, to tell a cycle.
    cursors: HashSet<String>,
    /// The error that ends the walk after the page just given.
    stopped: Option<PageError<E>>,
}

impl<'a, P, E> Pages<'a, P, E>
where
    P: Paged,
    P::Item: Clone + PartialEq,
{
    /// A walk of the list by `plan`, fetching each page with `fetch`.
    pub fn new(plan: Plan, paging: Paging, fetch: Fetch<'a, P, E>) -> Self {
        let first = match &plan {
            Plan::Offset { start, .. } => At::Offset(*start),
            Plan::Page { start, .. } => At::Page(*start),
            Plan::Cursor { start } => At::Cursor(start.clone()),
        };
        let cursors = match &plan {
            Plan::Cursor { start: Some(start) } => HashSet::from([start.clone()]),
            _ => HashSet::new(),
        };
        Self {
            fetch,
            plan,
            paging,
            next: Some(first),
            fetched: 0,
            in_flight: None,
            previous: Vec::new(),
            cursors,
            stopped: None,
        }
    }

    /// The items of the pages, one by one.
    pub fn items(self) -> Items<'a, P, E> {
        Items {
            pages: self,
            buffer: Vec::new().into_iter(),
        }
    }

    /// The next page, or `None` after the last page or an error.
    pub async fn next(&mut self) -> Option<Result<P, PageError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Checks the page fetched at `at` and works out where the next one is. A page that breaks
    /// the walk but holds items not given before is given, and the walk stops after it
    /// (`stopped`).
    fn settle(&mut self, at: At, result: Result<P, E>) -> Result<P, PageError<E>> {
        let position = PagePosition {
            index: self.fetched - 1,
            at: at.clone(),
        };
        let fail = |kind| PageError {
            position: position.clone(),
            kind,
        };
        let page = result.map_err(|error| fail(PageErrorKind::Call(error)))?;
        let items = page.items();
        // The items of the page before, again: the server ignores the position, and the page
        // adds nothing.
        if !items.is_empty() && self.previous.as_slice() == items {
            return Err(fail(PageErrorKind::Repeated));
        }
        let got = items.len();
        let len = i64::try_from(got).unwrap_or(i64::MAX);
        let asked = match &self.plan {
            Plan::Offset { limit, .. } => *limit,
            Plan::Page { size, .. } => *size,
            Plan::Cursor { .. } => None,
        };
        let facts = page.facts();
        let mut stop = |kind| {
            self.stopped = Some(fail(kind));
            None
        };
        let next = match (&self.plan, at) {
            (_, _) if asked.is_some_and(|asked| len > asked) => stop(PageErrorKind::LimitIgnored {
                asked: asked.unwrap_or_default(),
                got,
            }),
            (Plan::Offset { .. } | Plan::Page { .. }, _) if len == 0 => None,
            (Plan::Offset { .. }, At::Offset(offset)) => {
                let next = offset.saturating_add(len);
                // A short page ends the list, unless its total says more remain: the server
                // sends fewer than asked for (a cap of its own), and the offset still says
                // where the rest starts.
                let more = match facts.total {
                    Some(total) => next < total,
                    None => asked.is_none_or(|asked| len == asked),
                };
                more.then_some(At::Offset(next))
            }
            (Plan::Page { first, size, .. }, At::Page(number)) => {
                let read = number.saturating_sub(*first).saturating_add(1);
                let past_pages = facts.total_pages.map(|pages| read >= pages);
                let past_total = match (facts.total, size) {
                    (Some(total), Some(size)) => Some(read.saturating_mul(*size) >= total),
                    _ => None,
                };
                let short = asked.is_some_and(|asked| len < asked);
                match past_pages.or(past_total) {
                    Some(true) => None,
                    // Fewer than asked for, while the list goes on: the pages are smaller than
                    // their numbers assume, and the next number would skip items.
                    Some(false) if short => stop(PageErrorKind::ShortPage {
                        asked: asked.unwrap_or_default(),
                        got,
                    }),
                    _ if short => None,
                    _ => Some(At::Page(number.saturating_add(1))),
                }
            }
            (Plan::Cursor { .. }, At::Cursor(_)) => {
                match facts.next_cursor.filter(|next| !next.is_empty()) {
                    None => None,
                    Some(next) if self.cursors.contains(&next) => {
                        stop(PageErrorKind::RepeatedCursor { cursor: next })
                    }
                    Some(next) => {
                        self.cursors.insert(next.clone());
                        Some(At::Cursor(Some(next)))
                    }
                }
            }
            // A position of another kind than the plan's is never made.
            _ => None,
        };
        self.next = next;
        if self.next.is_some() {
            self.previous = page.items().to_vec();
        }
        Ok(page)
    }
}

impl<P, E> Stream for Pages<'_, P, E>
where
    P: Paged,
    P::Item: Clone + PartialEq,
{
    type Item = Result<P, PageError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is `Unpin` (the call is boxed).
        let this = self.get_mut();
        if this.in_flight.is_none() {
            if let Some(error) = this.stopped.take() {
                this.next = None;
                return Poll::Ready(Some(Err(error)));
            }
            let Some(at) = this.next.take() else {
                return Poll::Ready(None);
            };
            let too_far = match (&this.plan, &at) {
                (Plan::Offset { max, .. }, At::Offset(at))
                | (Plan::Page { max, .. }, At::Page(at)) => at > max,
                _ => false,
            };
            if too_far {
                return Poll::Ready(Some(Err(PageError {
                    position: PagePosition {
                        index: this.fetched,
                        at,
                    },
                    kind: PageErrorKind::Overflow,
                })));
            }
            if this
                .paging
                .max_pages
                .is_some_and(|max_pages| this.fetched >= max_pages)
            {
                let max_pages = this.fetched;
                // The cap: `fetched` only reaches it.
                return Poll::Ready(Some(Err(PageError {
                    position: PagePosition {
                        index: this.fetched,
                        at,
                    },
                    kind: PageErrorKind::CapReached { max_pages },
                })));
            }
            this.fetched += 1;
            let call = (this.fetch)(at.clone());
            this.in_flight = Some((at, call));
        }
        let Some((_, call)) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match call.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        let Some((at, _)) = this.in_flight.take() else {
            return Poll::Ready(None);
        };
        let page = this.settle(at, result);
        if page.is_err() {
            this.next = None;
        }
        Poll::Ready(Some(page))
    }
}

// Nothing in a walk is pinned in place: the call is boxed, and the items are moved out, never
// polled. So a walk can be polled through `&mut`, whatever its item type.
impl<P: Paged, E> Unpin for Pages<'_, P, E> {}

impl<P: Paged, E> Unpin for Items<'_, P, E> {}

impl<P: Paged, E> fmt::Debug for Pages<'_, P, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("plan", &self.plan)
            .field("paging", &self.paging)
            .field("next", &self.next)
            .field("fetched", &self.fetched)
            .finish_non_exhaustive()
    }
}

/// The items of a list's pages, one by one, as a [`Stream`]; or with [`Items::next`]. An error
/// comes after the items of the pages before it.
pub struct Items<'a, P: Paged, E> {
    pages: Pages<'a, P, E>,
    buffer: std::vec::IntoIter<P::Item>,
}

impl<P, E> Items<'_, P, E>
where
    P: Paged,
    P::Item: Clone + PartialEq,
{
    /// The next item, or `None` after the last item or an error.
    pub async fn next(&mut self) -> Option<Result<P::Item, PageError<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<P, E> Stream for Items<'_, P, E>
where
    P: Paged,
    P::Item: Clone + PartialEq,
{
    type Item = Result<P::Item, PageError<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => this.buffer = page.into_items().into_iter(),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<P: Paged, E> fmt::Debug for Items<'_, P, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A page as a generated page type would be: items, a total, a next cursor.
    #[derive(Clone, Debug, PartialEq)]
    struct Page {
        items: Vec<u32>,
        total: Option<i64>,
        total_pages: Option<i64>,
        next: Option<String>,
    }

    impl Page {
        fn of(items: impl IntoIterator<Item = u32>, total: Option<i64>) -> Self {
            Self {
                items: items.into_iter().collect(),
                total,
                total_pages: None,
                next: None,
            }
        }
    }

    impl Paged for Page {
        type Item = u32;

        fn items(&self) -> &[u32] {
            &self.items
        }

        fn into_items(self) -> Vec<u32> {
            self.items
        }

        fn facts(&self) -> PageFacts {
            PageFacts::total(self.total)
                .with_total_pages(self.total_pages)
                .with_next_cursor(self.next.clone())
        }
    }

    /// What a walk gave: each page's items or its error (`index`, position, kind), and the
    /// positions it asked for.
    #[derive(Debug, PartialEq)]
    struct Walk {
        pages: Vec<Result<Vec<u32>, (u32, At, String)>>,
        asked: Vec<At>,
    }

    fn kind(kind: &PageErrorKind<String>) -> String {
        match kind {
            PageErrorKind::RepeatedCursor { cursor } => format!("cursor {cursor} again"),
            PageErrorKind::ShortPage { asked, got } => format!("short {got} of {asked}"),
            PageErrorKind::Call(error) => format!("call: {error}"),
            PageErrorKind::LimitIgnored { asked, got } => format!("limit {asked} ignored: {got}"),
            PageErrorKind::Repeated => "repeated".to_owned(),
            PageErrorKind::CapReached { max_pages } => format!("cap {max_pages}"),
            PageErrorKind::Overflow => "overflow".to_owned(),
        }
    }

    /// Walks `plan` against `server`, which answers a position (and how many calls came
    /// before it).
    async fn run(
        plan: Plan,
        paging: Paging,
        server: impl Fn(&At, usize) -> Result<Page, String> + Send + Sync + 'static,
    ) -> Walk {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&asked);
        let server = Arc::new(server);
        let fetch: Fetch<'static, Page, String> = Box::new(move |at: At| {
            let server = Arc::clone(&server);
            let log = Arc::clone(&log);
            Box::pin(async move {
                let calls = {
                    let mut log = log.lock().expect("the log");
                    log.push(at.clone());
                    log.len() - 1
                };
                server(&at, calls)
            })
        });
        let mut pages = Pages::new(plan, paging, fetch);
        let mut got = Vec::new();
        while let Some(page) = pages.next().await {
            got.push(
                page.map(|page| page.items)
                    .map_err(|e| (e.position.index, e.position.at, kind(&e.kind))),
            );
        }
        // A walk that ended stays ended.
        assert!(pages.next().await.is_none());
        let asked = asked.lock().expect("the log").clone();
        Walk { pages: got, asked }
    }

    /// A list of `len` items (0, 1, 2, …), served by offset and limit, with its total.
    fn by_offset(len: u32) -> impl Fn(&At, usize) -> Result<Page, String> + Send + Sync {
        move |at, _| {
            let At::Offset(offset) = at else {
                return Err(format!("asked for {at}"));
            };
            let start = u32::try_from(*offset).expect("a small offset").min(len);
            Ok(Page::of(
                start..(start + 100).min(len),
                Some(i64::from(len)),
            ))
        }
    }

    fn offset(start: i64, limit: Option<i64>) -> Plan {
        Plan::Offset {
            start,
            limit,
            max: i64::from(i32::MAX),
        }
    }

    fn ok(range: std::ops::Range<u32>) -> Result<Vec<u32>, (u32, At, String)> {
        Ok(range.collect())
    }

    #[tokio::test]
    async fn an_empty_list_is_one_empty_page() {
        let walk = run(offset(0, Some(100)), Paging::new(), by_offset(0)).await;
        assert_eq!(walk.pages, [ok(0..0)]);
        assert_eq!(walk.asked, [At::Offset(0)]);
    }

    #[tokio::test]
    async fn exactly_one_full_page_ends_by_its_total() {
        let walk = run(offset(0, Some(100)), Paging::new(), by_offset(100)).await;
        assert_eq!(walk.pages, [ok(0..100)]);
        assert_eq!(walk.asked, [At::Offset(0)]);
    }

    #[tokio::test]
    async fn without_a_total_a_full_page_asks_once_more() {
        let server = |at: &At, calls| {
            by_offset(100)(at, calls).map(|page| Page {
                total: None,
                ..page
            })
        };
        let walk = run(offset(0, Some(100)), Paging::new(), server).await;
        assert_eq!(walk.pages, [ok(0..100), ok(100..100)]);
        assert_eq!(walk.asked, [At::Offset(0), At::Offset(100)]);
    }

    #[tokio::test]
    async fn a_short_last_page_ends_the_list() {
        let server = |at: &At, calls| {
            by_offset(250)(at, calls).map(|page| Page {
                total: None,
                ..page
            })
        };
        let walk = run(offset(0, Some(100)), Paging::new(), server).await;
        assert_eq!(walk.pages, [ok(0..100), ok(100..200), ok(200..250)]);
        assert_eq!(walk.asked.len(), 3);
    }

    #[tokio::test]
    async fn the_walk_starts_where_the_caller_asks() {
        let walk = run(offset(150, Some(100)), Paging::new(), by_offset(300)).await;
        assert_eq!(walk.pages, [ok(150..250), ok(250..300)]);
    }

    #[tokio::test]
    async fn a_total_that_changes_mid_walk_is_followed() {
        // The list grows from 150 to 250 items after the first page, then shrinks to 210.
        let server = |at: &At, calls: usize| match calls {
            0 => by_offset(150)(at, calls),
            1 => by_offset(250)(at, calls),
            _ => by_offset(210)(at, calls),
        };
        let walk = run(offset(0, Some(100)), Paging::new(), server).await;
        assert_eq!(walk.pages, [ok(0..100), ok(100..200), ok(200..210)]);
        // Shrinking below the position reached ends the walk at once.
        let server = |at: &At, calls: usize| match calls {
            0 => by_offset(300)(at, calls),
            _ => by_offset(150)(at, calls).map(|page| Page {
                total: Some(50),
                ..page
            }),
        };
        let walk = run(offset(0, Some(100)), Paging::new(), server).await;
        assert_eq!(walk.pages, [ok(0..100), ok(100..150)]);
    }

    #[tokio::test]
    async fn a_server_that_ignores_the_limit_is_an_error_after_its_page() {
        let server = |_: &At, _| Ok(Page::of(0..150, Some(1000)));
        let walk = run(offset(0, Some(100)), Paging::new(), server).await;
        assert_eq!(
            walk.pages,
            [
                ok(0..150),
                Err((0, At::Offset(0), "limit 100 ignored: 150".to_owned()))
            ]
        );
        assert_eq!(walk.asked.len(), 1);
    }

    #[tokio::test]
    async fn a_server_that_caps_the_limit_is_followed_by_offset() {
        // 200 asked for, 100 sent each time, 250 in all: the offset goes on by what came.
        let walk = run(offset(0, Some(200)), Paging::new(), by_offset(250)).await;
        assert_eq!(walk.pages, [ok(0..100), ok(100..200), ok(200..250)]);
        assert_eq!(
            walk.asked,
            [At::Offset(0), At::Offset(100), At::Offset(200)]
        );
    }

    #[tokio::test]
    async fn without_a_limit_only_an_empty_page_or_the_total_ends_the_list() {
        let server = |at: &At, calls| {
            by_offset(150)(at, calls).map(|page| Page {
                total: None,
                ..page
            })
        };
        let walk = run(offset(0, None), Paging::new(), server).await;
        assert_eq!(walk.pages, [ok(0..100), ok(100..150), ok(150..150)]);
        let walk = run(offset(0, None), Paging::new(), by_offset(150)).await;
        assert_eq!(walk.pages, [ok(0..100), ok(100..150)]);
    }

    #[tokio::test]
    async fn a_server_that_ignores_the_offset_is_an_error_not_a_loop() {
        let server = |_: &At, _| Ok(Page::of(0..100, Some(1000)));
        let walk = run(offset(0, Some(100)), Paging::new(), server).await;
        assert_eq!(
            walk.pages,
            [ok(0..100), Err((1, At::Offset(100), "repeated".to_owned()))]
        );
    }

    #[tokio::test]
    async fn a_failing_page_in_the_middle_ends_the_walk_with_its_position() {
        let server = |at: &At, calls| {
            if calls == 1 {
                Err("503 after 3 attempts".to_owned())
            } else {
                by_offset(1000)(at, calls)
            }
        };
        let walk = run(offset(0, Some(100)), Paging::new(), server).await;
        assert_eq!(
            walk.pages,
            [
                ok(0..100),
                Err((1, At::Offset(100), "call: 503 after 3 attempts".to_owned()))
            ]
        );
        assert_eq!(walk.asked.len(), 2, "nothing is asked after an error");
    }

    #[tokio::test]
    async fn the_cap_ends_a_longer_list_with_an_error() {
        let walk = run(
            offset(0, Some(100)),
            Paging::new().max_pages(3),
            by_offset(1000),
        )
        .await;
        assert_eq!(
            walk.pages,
            [
                ok(0..100),
                ok(100..200),
                ok(200..300),
                Err((3, At::Offset(300), "cap 3".to_owned()))
            ]
        );
        assert_eq!(walk.asked.len(), 3);
        // A list that ends at the cap ends without one.
        let walk = run(
            offset(0, Some(100)),
            Paging::new().max_pages(3),
            by_offset(300),
        )
        .await;
        assert_eq!(walk.pages, [ok(0..100), ok(100..200), ok(200..300)]);
    }

    #[tokio::test]
    async fn a_position_the_parameter_cannot_carry_is_an_error_after_the_page() {
        let plan = Plan::Offset {
            start: 0,
            limit: Some(100),
            max: 150,
        };
        let walk = run(plan, Paging::new(), by_offset(1000)).await;
        assert_eq!(
            walk.pages,
            [
                ok(0..100),
                ok(100..200),
                Err((2, At::Offset(200), "overflow".to_owned()))
            ]
        );
    }

    #[tokio::test]
    async fn pages_by_number_end_by_a_short_page_or_the_number_of_pages() {
        // 25 items, 10 a page, pages numbered from 1.
        let server = |at: &At, _| {
            let At::Page(number) = at else {
                return Err(format!("asked for {at}"));
            };
            let start = u32::try_from(number - 1).expect("a page") * 10;
            Ok(Page::of(start..(start + 10).min(25), None))
        };
        let plan = Plan::Page {
            start: 1,
            first: 1,
            size: Some(10),
            max: i64::from(i32::MAX),
        };
        let walk = run(plan.clone(), Paging::new(), server).await;
        assert_eq!(walk.pages, [ok(0..10), ok(10..20), ok(20..25)]);
        assert_eq!(walk.asked, [At::Page(1), At::Page(2), At::Page(3)]);
        // With 20 items in 2 pages, the number of pages ends it without a third call.
        let server = move |at: &At, calls| {
            server(at, calls).map(|page| Page {
                total_pages: Some(2),
                ..page
            })
        };
        let walk = run(plan.clone(), Paging::new(), server).await;
        assert_eq!(walk.pages, [ok(0..10), ok(10..20)]);
        // A size capped below what was asked for, while pages remain, cannot be followed by
        // number: the page is given, then the error.
        let capped = |at: &At, _| {
            let At::Page(number) = at else {
                return Err(format!("asked for {at}"));
            };
            let start = u32::try_from(number - 1).expect("a page") * 5;
            Ok(Page {
                total_pages: Some(5),
                ..Page::of(start..start + 5, Some(25))
            })
        };
        let walk = run(plan, Paging::new(), capped).await;
        assert_eq!(
            walk.pages,
            [ok(0..5), Err((0, At::Page(1), "short 5 of 10".to_owned()))]
        );
    }

    #[tokio::test]
    async fn pages_numbered_from_zero_end_by_the_total() {
        // 20 items, 10 a page, from page 0, the total only.
        let server = |at: &At, _| {
            let At::Page(number) = at else {
                return Err(format!("asked for {at}"));
            };
            let start = u32::try_from(*number).expect("a page") * 10;
            Ok(Page::of(start..(start + 10).min(20), Some(20)))
        };
        let plan = Plan::Page {
            start: 0,
            first: 0,
            size: Some(10),
            max: i64::from(i32::MAX),
        };
        let walk = run(plan, Paging::new(), server).await;
        assert_eq!(walk.pages, [ok(0..10), ok(10..20)]);
        assert_eq!(walk.asked, [At::Page(0), At::Page(1)]);
    }

    #[tokio::test]
    async fn cursors_are_followed_until_there_is_none() {
        let server = |at: &At, _| {
            let At::Cursor(cursor) = at else {
                return Err(format!("asked for {at}"));
            };
            let (items, next) = match cursor.as_deref() {
                None => (0..2, Some("b")),
                Some("b") => (2..4, Some("c")),
                // An empty page with a next cursor is not the end.
                Some("c") => (4..4, Some("d")),
                _ => (4..5, Some("")),
            };
            Ok(Page {
                next: next.map(str::to_owned),
                ..Page::of(items, None)
            })
        };
        let walk = run(Plan::Cursor { start: None }, Paging::new(), server).await;
        assert_eq!(walk.pages, [ok(0..2), ok(2..4), ok(4..4), ok(4..5)]);
        assert_eq!(walk.asked[3], At::Cursor(Some("d".to_owned())));
    }

    #[tokio::test]
    async fn a_cursor_followed_before_is_an_error_after_its_page() {
        // a -> b -> a: a cycle, each page with new items.
        let server = |_: &At, calls: usize| {
            let next = if calls.is_multiple_of(2) { "b" } else { "a" };
            Ok(Page {
                next: Some(next.to_owned()),
                ..Page::of([u32::try_from(calls).expect("few calls")], None)
            })
        };
        let plan = Plan::Cursor {
            start: Some("a".to_owned()),
        };
        let walk = run(plan, Paging::new(), server).await;
        assert_eq!(
            walk.pages,
            [
                ok(0..1),
                ok(1..2),
                Err((
                    1,
                    At::Cursor(Some("b".to_owned())),
                    "cursor a again".to_owned()
                ))
            ]
        );
    }

    #[tokio::test]
    async fn items_come_one_by_one_and_an_error_after_the_items_before_it() {
        let server = |at: &At, calls| {
            if calls == 2 {
                Err("boom".to_owned())
            } else {
                by_offset(1000)(at, calls)
            }
        };
        let fetch: Fetch<'static, Page, String> = {
            let calls = Arc::new(Mutex::new(0));
            Box::new(move |at: At| {
                let calls = Arc::clone(&calls);
                Box::pin(async move {
                    let n = {
                        let mut calls = calls.lock().expect("the count");
                        *calls += 1;
                        *calls - 1
                    };
                    server(&at, n)
                })
            })
        };
        let mut items = Pages::new(offset(0, Some(100)), Paging::new(), fetch).items();
        let mut read = Vec::new();
        let error = loop {
            match items.next().await {
                Some(Ok(item)) => read.push(item),
                Some(Err(error)) => break error,
                None => panic!("the walk ended without its error"),
            }
        };
        assert_eq!(read, (0..200).collect::<Vec<_>>());
        assert_eq!(error.position.at, At::Offset(200));
        assert_eq!(
            error.to_string(),
            "page 3 of the walk (offset 200): boom",
            "the error says where"
        );
        assert!(items.next().await.is_none());
    }
}
