//! `x-pagination` on an operation: how a list operation pages, so that the client can walk it
//! to its end (the runtime's `paging`).
//!
//! ```yaml
//! x-pagination:
//!   style: offset          # offset | page | cursor
//!   offset: offset         # offset: the query parameter of the items to skip
//!   limit: limit           # offset: the query parameter of the page's size (optional)
//!   page: page             # page: the query parameter of the page's number
//!   size: size             # page: the query parameter of the page's size (optional)
//!   firstPage: 1           # page: the number of the first page (default 1)
//!   cursor: cursor         # cursor: the query parameter of the cursor
//!   nextCursor: next       # cursor: the result's property with the next page's cursor
//!   items: content         # the result's property with the items (absent: the result is the array)
//!   total: totalElements   # the result's property with the list's number of items (optional)
//!   totalPages: pages      # the result's property with the list's number of pages (optional)
//! ```
//!
//! A result type says where its items and counts once: two operations that page through one
//! type may each name some of its properties, but not different ones for the same role; the
//! type's `Paged` reads every property either names.
//!
//! Every name is checked against the operation: the parameters must be its query parameters
//! (integers, or a string for the cursor), the properties the result's (an array for the
//! items, integers for the totals, a string for the cursor). A declaration that names what is
//! not there is an error, with its pointer.

use super::aliases::resolve_alias;
use super::{Builder, Field, Operation, ParamLocation, Response, ResponseBody, TypeRef};
use crate::diagnostics::join;
use serde_json::Value;
use std::collections::BTreeMap;

/// The extension.
pub(crate) const EXT_PAGINATION: &str = "x-pagination";

/// Its keys.
const KEYS: &[&str] = &[
    "style",
    "offset",
    "limit",
    "page",
    "size",
    "firstPage",
    "cursor",
    "nextCursor",
    "items",
    "total",
    "totalPages",
];

/// The keys that belong to one style each.
const STYLE_KEYS: &[(&str, &[&str])] = &[
    ("offset", &["offset", "limit"]),
    ("page", &["page", "size", "firstPage", "totalPages"]),
    ("cursor", &["cursor", "nextCursor"]),
];

/// How an operation pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pagination {
    pub(crate) style: PageStyle,
    /// The result's type: a struct (its name), or `None` for a bare array.
    pub(crate) page_type: Option<String>,
    /// The type of one item.
    pub(crate) item: TypeRef,
    /// The result's properties that say where the list is.
    pub(crate) items: Option<PageField>,
    pub(crate) total: Option<PageField>,
    pub(crate) total_pages: Option<PageField>,
    pub(crate) next_cursor: Option<PageField>,
    /// Where it is declared.
    pub(crate) pointer: String,
}

/// The parameters that say where a page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PageStyle {
    Offset {
        offset: PageParam,
        limit: Option<PageParam>,
    },
    Page {
        page: PageParam,
        size: Option<PageParam>,
        first: i64,
    },
    Cursor {
        cursor: PageParam,
    },
}

/// A query parameter of the operation's parameters struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageParam {
    /// Its field in the parameters struct.
    pub(crate) rust: String,
    /// `I32`, `I64` or `String`.
    pub(crate) ty: TypeRef,
    pub(crate) required: bool,
}

/// A property of the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageField {
    pub(crate) rust: String,
    /// The value's type, without its `Option`s.
    pub(crate) ty: TypeRef,
    /// How many `Option`s are around it: one for an optional or a nullable property, two
    /// for both.
    pub(crate) layers: usize,
}

impl Builder<'_> {
    /// Reads each operation's `x-pagination`.
    /// Reads each operation's `x-pagination`, and returns each page type with what its
    /// declarations say of it, merged.
    pub(super) fn pagination(
        &mut self,
        operations: &mut [Operation],
    ) -> BTreeMap<String, Pagination> {
        let mut declared = Vec::new();
        for (path, item) in self.document.paths.iter() {
            let Some(item) = item.as_item() else {
                continue;
            };
            for (method, operation) in item.iter() {
                if let Some(value) = operation.extensions.get(EXT_PAGINATION) {
                    let pointer = join(&join(&join("#/paths", path), method), EXT_PAGINATION);
                    declared.push((path.clone(), method.to_ascii_uppercase(), value, pointer));
                }
            }
        }
        for (path, method, value, pointer) in declared {
            let Some(operation) = operations
                .iter_mut()
                .find(|op| op.path.template == path && op.http_method == method)
            else {
                continue;
            };
            if !self.is_our_map(EXT_PAGINATION, value, KEYS, &pointer) {
                continue;
            }
            operation.pagination = self.read_pagination(operation, value, &pointer);
        }
        // The two methods a declaration adds must not take another method's name.
        let mut taken: std::collections::BTreeSet<String> = crate::naming::CLIENT_METHODS
            .iter()
            .map(|name| (*name).to_owned())
            .collect();
        for op in operations.iter() {
            taken.insert(op.method_name.clone());
            taken.extend(op.alternatives.iter().map(|alt| alt.method_name.clone()));
        }
        for op in operations.iter_mut() {
            let Some(pagination) = &op.pagination else {
                continue;
            };
            let clashes: Vec<String> = ["pages", "all"]
                .iter()
                .map(|suffix| format!("{}_{suffix}", op.method_name))
                .filter(|name| taken.contains(name))
                .collect();
            if !clashes.is_empty() {
                self.diagnostics.push(
                    pagination.pointer.clone(),
                    format!(
                        "the method `{}` that `{EXT_PAGINATION}` adds is already another method's name",
                        clashes.join("` and `")
                    ),
                );
                op.pagination = None;
            } else {
                taken.insert(format!("{}_pages", op.method_name));
                taken.insert(format!("{}_all", op.method_name));
            }
        }
        // A page type says where its items are once: declarations on one type may each name
        // some of its properties (its `Paged` reads what any names), but not different ones
        // for one role.
        let mut paged: BTreeMap<String, Pagination> = BTreeMap::new();
        for pagination in operations.iter().filter_map(|op| op.pagination.as_ref()) {
            let Some(name) = &pagination.page_type else {
                continue;
            };
            let Some(merged) = paged.get_mut(name) else {
                paged.insert(name.clone(), pagination.clone());
                continue;
            };
            let differ = |a: &Option<PageField>, b: &Option<PageField>| matches!((a, b), (Some(a), Some(b)) if a != b);
            if differ(&merged.items, &pagination.items)
                || differ(&merged.total, &pagination.total)
                || differ(&merged.total_pages, &pagination.total_pages)
                || differ(&merged.next_cursor, &pagination.next_cursor)
            {
                self.diagnostics.push(
                    pagination.pointer.clone(),
                    format!(
                        "`{EXT_PAGINATION}` names other properties of `{name}` than at {}: a result type's items and totals are where one declaration says",
                        merged.pointer
                    ),
                );
                continue;
            }
            for (slot, given) in [
                (&mut merged.items, &pagination.items),
                (&mut merged.total, &pagination.total),
                (&mut merged.total_pages, &pagination.total_pages),
                (&mut merged.next_cursor, &pagination.next_cursor),
            ] {
                if slot.is_none() {
                    slot.clone_from(given);
                }
            }
        }
        paged
    }

    fn read_pagination(
        &mut self,
        operation: &Operation,
        value: &Value,
        pointer: &str,
    ) -> Option<Pagination> {
        let name = |key: &str| value.get(key).and_then(Value::as_str);
        // A key given, if not as a name: reported as such, and not again as missing.
        let given = |key: &str| value.get(key).is_some();
        let errors_before = self.diagnostics.count(crate::diagnostics::Severity::Error);
        // `style` is checked for one of its values below.
        for key in KEYS
            .iter()
            .filter(|key| !matches!(**key, "firstPage" | "style"))
        {
            if value.get(*key).is_some_and(|v| !v.is_string()) {
                self.diagnostics.push(
                    join(pointer, key),
                    format!("`{key}` of `{EXT_PAGINATION}` must be a name (a string)"),
                );
            }
        }
        let style = match name("style") {
            Some("offset") => {
                let offset = self.page_param(
                    operation,
                    name("offset"),
                    "offset",
                    pointer,
                    !given("offset"),
                );
                let limit = self.page_param(operation, name("limit"), "limit", pointer, false);
                offset.map(|offset| PageStyle::Offset { offset, limit })
            }
            Some("page") => {
                let page =
                    self.page_param(operation, name("page"), "page", pointer, !given("page"));
                let size = self.page_param(operation, name("size"), "size", pointer, false);
                let first = match value.get("firstPage") {
                    None => Some(1),
                    Some(Value::Number(n)) if matches!(n.as_i64(), Some(0 | 1)) => n.as_i64(),
                    Some(_) => {
                        self.diagnostics.push(
                            join(pointer, "firstPage"),
                            format!("`firstPage` of `{EXT_PAGINATION}` must be 0 or 1"),
                        );
                        None
                    }
                };
                match (page, first) {
                    (Some(page), Some(first)) => Some(PageStyle::Page { page, size, first }),
                    _ => None,
                }
            }
            Some("cursor") => self
                .page_param(
                    operation,
                    name("cursor"),
                    "cursor",
                    pointer,
                    !given("cursor"),
                )
                .map(|cursor| PageStyle::Cursor { cursor }),
            _ => {
                self.diagnostics.push(
                    join(pointer, "style"),
                    format!("`style` of `{EXT_PAGINATION}` must be `offset`, `page` or `cursor`"),
                );
                None
            }
        };
        // Keys of the other styles are mistakes, not extras.
        let style_keys = STYLE_KEYS
            .iter()
            .find(|(style, _)| name("style") == Some(*style))
            .map_or(&[][..], |(_, keys)| *keys);
        for key in STYLE_KEYS.iter().flat_map(|(_, keys)| keys.iter().copied()) {
            if value.get(key).is_some() && !style_keys.contains(&key) && !style_keys.is_empty() {
                self.diagnostics.push(
                    join(pointer, key),
                    format!(
                        "`{key}` is not a key of the `{}` style",
                        name("style").unwrap_or_default()
                    ),
                );
            }
        }
        if name("style") == Some("cursor") && !given("nextCursor") {
            self.diagnostics.push(
                pointer.to_owned(),
                format!("the `cursor` style of `{EXT_PAGINATION}` needs `nextCursor`, the result's property with the next page's cursor"),
            );
        }
        // 4: one parameter cannot say both where a page is and how big it is.
        let same = match &style {
            Some(PageStyle::Offset {
                offset,
                limit: Some(limit),
            }) if limit.rust == offset.rust => Some("limit"),
            Some(PageStyle::Page {
                page,
                size: Some(size),
                ..
            }) if size.rust == page.rust => Some("size"),
            _ => None,
        };
        if let Some(key) = same {
            self.diagnostics.push(
                join(pointer, key),
                format!("`{key}` names the parameter that already gives the page's position"),
            );
        }
        let (page_type, fields, item) =
            self.page_result(operation, name("items"), given("items"), pointer)?;
        let mut field = |key: &str, wanted: fn(&TypeRef) -> bool, what: &str| {
            let wire = name(key)?;
            let found = fields.iter().find(|f| f.wire == wire);
            let page_field = found.map(|f| self.page_field(f));
            match page_field {
                Some(page_field) if wanted(&page_field.ty) => Some(page_field),
                _ => {
                    self.diagnostics.push(
                        join(pointer, key),
                        format!(
                            "`{key}` names `{wire}`, which is not {what} property of the operation's result"
                        ),
                    );
                    None
                }
            }
        };
        let integer = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64);
        let items = match name("items") {
            Some(_) => field("items", |ty| matches!(ty, TypeRef::Vec(_)), "an array"),
            None => None,
        };
        let total = field("total", integer, "an integer");
        let total_pages = field("totalPages", integer, "an integer");
        let next_cursor = field("nextCursor", |ty| *ty == TypeRef::String, "a string");
        if self.diagnostics.count(crate::diagnostics::Severity::Error) > errors_before {
            return None;
        }
        Some(Pagination {
            style: style?,
            page_type,
            item,
            items,
            total,
            total_pages,
            next_cursor,
            pointer: pointer.to_owned(),
        })
    }

    /// The query parameter `wire` (the value of `key`) of the operation, if it is one of the
    /// type the style needs.
    fn page_param(
        &mut self,
        operation: &Operation,
        wire: Option<&str>,
        key: &str,
        pointer: &str,
        needed: bool,
    ) -> Option<PageParam> {
        let Some(wire) = wire else {
            if needed {
                self.diagnostics.push(
                    pointer.to_owned(),
                    format!("`{EXT_PAGINATION}` needs `{key}`, the query parameter of the page's position"),
                );
            }
            return None;
        };
        let sent = operation.params.as_ref().and_then(|params| {
            let sent = params
                .params
                .iter()
                .find(|p| p.wire == wire && p.location == ParamLocation::Query)?;
            let (_, fields) = self.struct_def(&TypeRef::Named(params.type_name.clone()))?;
            let field = fields.iter().find(|f| f.rust == sent.rust)?;
            Some((sent.rust.clone(), self.page_field(field), field.required))
        });
        let cursor = key == "cursor";
        match sent {
            Some((rust, field, required))
                if field.layers <= 1
                    && if cursor {
                        field.ty == TypeRef::String
                    } else {
                        matches!(field.ty, TypeRef::I32 | TypeRef::I64)
                    } =>
            {
                Some(PageParam {
                    rust,
                    ty: field.ty,
                    required,
                })
            }
            _ => {
                let what = if cursor { "a string" } else { "an integer" };
                self.diagnostics.push(
                    join(pointer, key),
                    format!("`{key}` names `{wire}`, which is not {what} query parameter of the operation"),
                );
                None
            }
        }
    }

    /// The operation's result as a page: its struct's name and fields and the item type, or,
    /// for a bare array (no `items`), no struct.
    fn page_result(
        &mut self,
        operation: &Operation,
        items: Option<&str>,
        items_given: bool,
        pointer: &str,
    ) -> Option<(Option<String>, Vec<Field>, TypeRef)> {
        let result = match &operation.response {
            Response::Enveloped { payload, .. } => Some(payload.clone()),
            Response::Body(ResponseBody::Json(ty)) => Some(ty.clone()),
            _ => None,
        };
        let Some(result) = result else {
            self.diagnostics.push(
                pointer.to_owned(),
                format!("`{EXT_PAGINATION}` is on an operation whose result is not one JSON body"),
            );
            return None;
        };
        let resolved = resolve_alias(&self.aliases, &result).clone();
        match (items, resolved) {
            (None, TypeRef::Vec(item)) => Some((None, Vec::new(), *item)),
            (Some(wire), _) => {
                let Some((name, fields)) = self.struct_def(&result) else {
                    self.diagnostics.push(
                        join(pointer, "items"),
                        format!(
                            "`items` names `{wire}`, but the operation's result is not an object"
                        ),
                    );
                    return None;
                };
                let name = name.to_owned();
                let fields = fields.to_vec();
                let item = fields.iter().find(|f| f.wire == wire).and_then(|f| {
                    match self.page_field(f).ty {
                        TypeRef::Vec(item) => Some(*item),
                        _ => None,
                    }
                });
                match item {
                    Some(item) => Some((Some(name), fields, item)),
                    None => {
                        self.diagnostics.push(
                            join(pointer, "items"),
                            format!("`items` names `{wire}`, which is not an array property of the operation's result"),
                        );
                        None
                    }
                }
            }
            (None, _) if items_given => None,
            (None, _) => {
                self.diagnostics.push(
                    pointer.to_owned(),
                    format!("`{EXT_PAGINATION}` needs `items`, the result's property with the items, unless the result is an array"),
                );
                None
            }
        }
    }

    /// A property's type without its `Option`s, and how many there are.
    fn page_field(&self, field: &Field) -> PageField {
        let layers = usize::from(!field.required);
        let (ty, layers) = match resolve_alias(&self.aliases, &field.ty) {
            TypeRef::Nullable(inner) => (resolve_alias(&self.aliases, inner).clone(), layers + 1),
            other => (other.clone(), layers),
        };
        PageField {
            rust: field.rust.clone(),
            ty,
            layers,
        }
    }
}
