//! The runtime's partition table (`runtime/src/endpoint/partitions.rs`) from the compiled
//! partitions.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::partitions::{Partition, Piece};

pub fn partitions_table(partitions: &[Partition]) -> TokenStream {
    let count = Literal::usize_unsuffixed(partitions.len());
    let entries = partitions.iter().map(|p| {
        let Partition {
            name,
            dns_suffix,
            dual_stack_dns_suffix,
            implicit_global_region,
            supports_fips,
            supports_dual_stack,
            regions,
            region_pattern,
        } = p;
        let pieces = region_pattern.iter().map(piece);
        quote! {
            Partition {
                name: #name,
                dns_suffix: #dns_suffix,
                dual_stack_dns_suffix: #dual_stack_dns_suffix,
                implicit_global_region: #implicit_global_region,
                supports_fips: #supports_fips,
                supports_dual_stack: #supports_dual_stack,
                regions: &[#(#regions),*],
                region_pattern: &[#(#pieces),*],
            }
        }
    });
    quote! {
        //! botocore's partition table: `aws.partition` tries the partitions in this order,
        //! and falls back to the first.

        use super::partition::{Partition, Piece};

        pub(super) static PARTITIONS: [Partition; #count] = [#(#entries),*];
    }
}

fn piece(piece: &Piece) -> TokenStream {
    match piece {
        Piece::Literal(text) => quote!(Piece::Literal(#text)),
        Piece::OneOf(alternatives) => quote!(Piece::OneOf(&[#(#alternatives),*])),
        Piece::Word => quote!(Piece::Word),
        Piece::Digits => quote!(Piece::Digits),
    }
}
