//! The index schema.
//!
//! All searchable text of a document (title, 文件编号, 索引号, publisher, keywords, summary, body,
//! attachments) goes into one bigram field, so that a query word is one term or one phrase over one
//! field: tantivy can then count its documents from the posting list and rank the top ones with
//! block-max WAND instead of scoring every match. Published documents use `text`, every other status
//! `staff_text`: the public search needs no status filter (a filter clause would disable that
//! pruning), and staff search both. The title is written [`TITLE_COPIES`] times, which is how a title
//! match outranks a body match under BM25.

use crate::tokenizer::BigramTokenizer;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;

pub const BIGRAM: &str = "gk_bigram";

/// How many times the title is written into the text field.
pub const TITLE_COPIES: usize = 2;

#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub org_id: Field,
    pub column_id: Field,
    pub status: Field,
    pub subject: Field,
    pub genre: Field,
    pub validity: Field,
    pub year: Field,
    pub published_at: Field,
    pub index_no: Field,
    pub doc_no: Field,
    pub title_exact: Field,
    /// Searchable text of published documents.
    pub text: Field,
    /// Searchable text of documents in any other status (staff search only).
    pub staff_text: Field,
    /// Stored for display: title, 文件编号, body text, attachments' text.
    pub title_show: Field,
    pub doc_no_show: Field,
    pub body_show: Field,
    pub attach_show: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let bigrams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BIGRAM)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let f = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        org_id: b.add_u64_field("org_id", INDEXED),
        column_id: b.add_u64_field("column_id", INDEXED),
        status: b.add_text_field("status", STRING | STORED),
        subject: b.add_text_field("subject", STRING),
        genre: b.add_text_field("genre", STRING),
        validity: b.add_text_field("validity", STRING),
        year: b.add_u64_field("year", INDEXED),
        published_at: b.add_i64_field("published_at", FAST | STORED),
        index_no: b.add_text_field("index_no", STRING | STORED),
        doc_no: b.add_text_field("doc_no", STRING),
        title_exact: b.add_text_field("title_exact", STRING),
        text: b.add_text_field("text", bigrams.clone()),
        staff_text: b.add_text_field("staff_text", bigrams),
        title_show: b.add_text_field("title_show", STORED),
        doc_no_show: b.add_text_field("doc_no_show", STORED),
        body_show: b.add_text_field("body_show", STORED),
        attach_show: b.add_text_field("attach_show", STORED),
    };
    (b.build(), f)
}

/// Registers the bigram tokenizer.
pub fn register_tokenizers(index: &tantivy::Index) {
    index
        .tokenizers()
        .register(BIGRAM, TextAnalyzer::builder(BigramTokenizer).build());
}
