//! The methods that walk a paged operation (`x-pagination`) to its end: `<op>_pages`, its
//! pages one call each, and `<op>_all`, their items; and the page type's `Paged` impl, which
//! tells the runtime's walk (`paging`) where the items and totals are.

use super::{Context, doc, rust_type};
use crate::ir::{Api, Operation, PageField, PageParam, PageStyle, Pagination, TypeRef};
use crate::naming::ident;
use proc_macro2::{Ident, Punct, Spacing, TokenStream, TokenTree};
use quote::{format_ident, quote};

/// `<op>_pages` and `<op>_all`, if the operation pages.
pub(super) fn emit_paging_methods(api: &Api, op: &Operation) -> TokenStream {
    let Some(pagination) = &op.pagination else {
        return quote!();
    };
    // The operation's main method's arguments (its checks are the method's own).
    let mut path_arguments = Vec::new();
    let mut body_arguments = Vec::new();
    let mut checks = Vec::new();
    super::operation::emit_path_arguments(api, op, &mut path_arguments, &mut checks);
    if let Some(body) = &op.body {
        super::operation::emit_body(api, body, &mut body_arguments, &mut checks);
    }
    let method = ident(&op.method_name);
    let pages = format_ident!("{}_pages", op.method_name);
    let all = format_ident!("{}_all", op.method_name);
    let page = page_type(pagination);
    // The method's own arguments, each reference living as long as the walk.
    let mut arguments: Vec<TokenStream> = path_arguments.iter().map(with_lifetime).collect();
    let mut passed: Vec<TokenStream> = path_arguments.iter().map(argument_name).collect();
    let params = op.params.as_ref().map(|params| {
        let ty = format_ident!("{}", params.type_name);
        arguments.push(quote!(params: &types::#ty));
        passed.push(quote!(&params));
    });
    arguments.extend(body_arguments.iter().map(with_lifetime));
    passed.extend(body_arguments.iter().map(argument_name));
    // The method's own names beside the operation's arguments: the caller's paging, and the
    // closure's position, each kept apart from a path parameter of the same name.
    let taken: Vec<String> = arguments
        .iter()
        .map(|a| argument_name(a).to_string())
        .collect();
    let fresh = |base: &str| {
        let mut name = base.to_owned();
        while taken.contains(&name) {
            name.push('_');
        }
        format_ident!("{name}")
    };
    let paging = fresh("paging");
    let at = fresh("at");
    let names: Vec<TokenStream> = arguments.iter().map(argument_name).collect();
    let (plan, position) = plan(&pagination.style, &at);
    let clone_params = params.map(|()| quote!(let params = params.clone();));
    let set_params = params.map(|()| quote!(let mut params = params.clone();));
    let docs = doc(&format!(
        "Every page of [`Self::{method}`], one call each, from the position `params` gives (or \
         the list's start) to the end of the list, as a `Stream` (or with `next().await`). \
         Each page is sent, checked and retried as a call of [`Self::{method}`] is; the walk \
         ends after the last page, or with an error that names the page where it stopped \
         (a failed call, a server that ignores the limit or the position, or the cap of \
         `paging`)."
    ));
    let all_docs = doc(&format!(
        "Every item of the list [`Self::{method}`] pages through, one by one: the items of \
         [`Self::{pages}`]'s pages, and its error, if one ends the walk, after the items of \
         the pages before it."
    ));
    quote! {
        #docs
        pub fn #pages<'a>(
            &'a self,
            #(#arguments,)*
            #paging: crate::runtime::paging::Paging,
        ) -> crate::runtime::paging::Pages<'a, #page, Error> {
            #clone_params
            crate::runtime::paging::Pages::new(
                #plan,
                #paging,
                Box::new(move |#at: crate::runtime::paging::At| -> crate::runtime::__private::BoxFuture<'a, Result<#page, Error>> {
                    #set_params
                    #position
                    Box::pin(async move { self.#method(#(#passed),*).await })
                }),
            )
        }
        #all_docs
        pub fn #all<'a>(
            &'a self,
            #(#arguments,)*
            #paging: crate::runtime::paging::Paging,
        ) -> crate::runtime::paging::Items<'a, #page, Error> {
            self.#pages(#(#names,)* #paging).items()
        }
    }
}

/// The result a page is read as.
fn page_type(pagination: &Pagination) -> TokenStream {
    match &pagination.page_type {
        Some(name) => {
            let name = format_ident!("{name}");
            quote!(types::#name)
        }
        None => {
            let item = rust_type(&pagination.item, Context::Client);
            quote!(Vec<#item>)
        }
    }
}

/// The walk's plan, from the caller's parameters, and the statement that sets a page's
/// position in them.
fn plan(style: &PageStyle, at: &Ident) -> (TokenStream, TokenStream) {
    match style {
        PageStyle::Offset { offset, limit } => {
            let start = start(offset, quote!(0));
            let limit = size(limit.as_ref());
            let max = max(offset);
            let set = set_number(offset, quote!(Offset), at);
            (
                quote!(crate::runtime::paging::Plan::Offset { start: #start, limit: #limit, max: #max }),
                set,
            )
        }
        PageStyle::Page {
            page,
            size: page_size,
            first,
        } => {
            let start = start(page, quote!(#first));
            let page_size = size(page_size.as_ref());
            let max = max(page);
            let set = set_number(page, quote!(Page), at);
            (
                quote!(crate::runtime::paging::Plan::Page { start: #start, first: #first, size: #page_size, max: #max }),
                set,
            )
        }
        PageStyle::Cursor { cursor } => {
            let field = ident(&cursor.rust);
            let (start, set) = if is_optional(cursor) {
                (
                    quote!(params.#field.clone()),
                    quote!(params.#field = cursor;),
                )
            } else {
                (
                    quote!(Some(params.#field.clone())),
                    quote!(if let Some(cursor) = cursor { params.#field = cursor; }),
                )
            };
            (
                quote!(crate::runtime::paging::Plan::Cursor { start: #start }),
                quote! {
                    if let crate::runtime::paging::At::Cursor(cursor) = #at {
                        #set
                    }
                },
            )
        }
    }
}

/// Whether the parameters struct holds the parameter as an `Option`.
fn is_optional(param: &PageParam) -> bool {
    !param.required
}

/// The walk's first position: the caller's, or `default`.
fn start(param: &PageParam, default: TokenStream) -> TokenStream {
    let field = ident(&param.rust);
    match (is_optional(param), &param.ty) {
        (true, TypeRef::I32) => quote!(params.#field.map_or(#default, i64::from)),
        (true, _) => quote!(params.#field.unwrap_or(#default)),
        (false, TypeRef::I32) => quote!(i64::from(params.#field)),
        (false, _) => quote!(params.#field),
    }
}

/// The page size the caller asked for, if any.
fn size(param: Option<&PageParam>) -> TokenStream {
    match param {
        None => quote!(None),
        Some(param) => {
            let field = ident(&param.rust);
            match (is_optional(param), &param.ty) {
                (true, TypeRef::I32) => quote!(params.#field.map(i64::from)),
                (true, _) => quote!(params.#field),
                (false, TypeRef::I32) => quote!(Some(i64::from(params.#field))),
                (false, _) => quote!(Some(params.#field)),
            }
        }
    }
}

/// The largest position the parameter's type carries.
fn max(param: &PageParam) -> TokenStream {
    match param.ty {
        TypeRef::I32 => quote!(i64::from(i32::MAX)),
        _ => quote!(i64::MAX),
    }
}

/// Sets a numbered position (an offset or a page number) in the parameters; the walk never
/// asks for one past [`max`].
fn set_number(param: &PageParam, variant: TokenStream, at: &Ident) -> TokenStream {
    let field = ident(&param.rust);
    let value = match param.ty {
        TypeRef::I32 => quote!(i32::try_from(position).unwrap_or(i32::MAX)),
        _ => quote!(position),
    };
    let value = if is_optional(param) {
        quote!(Some(#value))
    } else {
        value
    };
    quote! {
        if let crate::runtime::paging::At::#variant(position) = #at {
            params.#field = #value;
        }
    }
}

/// `impl Paged` for a page type: where its items, total, number of pages and next cursor are.
pub(super) fn emit_paged_impl(pagination: &Pagination) -> Option<TokenStream> {
    let name = format_ident!("{}", pagination.page_type.as_ref()?);
    let items = pagination.items.as_ref()?;
    let item = rust_type(&pagination.item, Context::Client);
    let field = ident(&items.rust);
    let (borrowed, owned) = match items.layers {
        0 => (quote!(&self.#field), quote!(self.#field)),
        1 => (
            quote!(self.#field.as_deref().unwrap_or_default()),
            quote!(self.#field.unwrap_or_default()),
        ),
        _ => (
            quote!(self.#field.as_ref().and_then(Option::as_deref).unwrap_or_default()),
            quote!(self.#field.flatten().unwrap_or_default()),
        ),
    };
    let number = |field: Option<&PageField>| match field {
        None => quote!(None),
        Some(field) => {
            let member = ident(&field.rust);
            // An `i32` is widened; an `i64` is what the walk reads.
            let widen = matches!(field.ty, TypeRef::I32);
            match (field.layers, widen) {
                (0, true) => quote!(Some(i64::from(self.#member))),
                (0, false) => quote!(Some(self.#member)),
                (1, true) => quote!(self.#member.map(i64::from)),
                (1, false) => quote!(self.#member),
                (_, true) => quote!(self.#member.flatten().map(i64::from)),
                (_, false) => quote!(self.#member.flatten()),
            }
        }
    };
    let total = number(pagination.total.as_ref());
    let total_pages = number(pagination.total_pages.as_ref());
    let next_cursor = match &pagination.next_cursor {
        None => quote!(None),
        Some(field) => {
            let member = ident(&field.rust);
            match field.layers {
                0 => quote!(Some(self.#member.clone())),
                1 => quote!(self.#member.clone()),
                _ => quote!(self.#member.clone().flatten()),
            }
        }
    };
    Some(quote! {
        impl crate::runtime::paging::Paged for types::#name {
            type Item = #item;

            fn items(&self) -> &[#item] {
                #borrowed
            }

            fn into_items(self) -> Vec<#item> {
                #owned
            }

            fn facts(&self) -> crate::runtime::paging::PageFacts {
                crate::runtime::paging::PageFacts::total(#total)
                    .with_total_pages(#total_pages)
                    .with_next_cursor(#next_cursor)
            }
        }
    })
}

/// `name: &T` with the walk's lifetime: `name: &'a T` (and `Option<&'a T>`).
fn with_lifetime(argument: &TokenStream) -> TokenStream {
    fn walk(tokens: TokenStream) -> TokenStream {
        let mut out = Vec::new();
        for tree in tokens {
            match tree {
                TokenTree::Group(group) => {
                    let mut inner =
                        proc_macro2::Group::new(group.delimiter(), walk(group.stream()));
                    inner.set_span(group.span());
                    out.push(TokenTree::Group(inner));
                }
                TokenTree::Punct(punct) if punct.as_char() == '&' => {
                    out.push(TokenTree::Punct(punct));
                    out.push(TokenTree::Punct(Punct::new('\'', Spacing::Joint)));
                    out.push(TokenTree::Ident(Ident::new(
                        "a",
                        proc_macro2::Span::call_site(),
                    )));
                }
                other => out.push(other),
            }
        }
        out.into_iter().collect()
    }
    walk(argument.clone())
}

/// The name an argument (`name: T`) is passed by.
fn argument_name(argument: &TokenStream) -> TokenStream {
    argument.clone().into_iter().take(1).collect()
}
