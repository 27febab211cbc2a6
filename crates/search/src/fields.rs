//! The index schema.

use crate::tokenizer::BigramTokenizer;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;

pub const BIGRAM: &str = "gk_bigram";
pub const JIEBA: &str = "gk_jieba";

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
    pub title_bi: Field,
    pub body_bi: Field,
    pub meta_bi: Field,
    /// Text of the attachments (PDF, DOCX, XLSX, TXT).
    pub attach_bi: Field,
    pub title_jb: Field,
    pub body_jb: Field,
    /// Stored for display: title, 文件编号, body text.
    pub title_show: Field,
    pub doc_no_show: Field,
    pub body_show: Field,
    pub attach_show: Field,
}

fn text(tokenizer: &str, positions: bool) -> TextOptions {
    let option = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::WithFreqs
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(option),
    )
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
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
        title_bi: b.add_text_field("title_bi", text(BIGRAM, true)),
        body_bi: b.add_text_field("body_bi", text(BIGRAM, true)),
        meta_bi: b.add_text_field("meta_bi", text(BIGRAM, true)),
        attach_bi: b.add_text_field("attach_bi", text(BIGRAM, true)),
        title_jb: b.add_text_field("title_jb", text(JIEBA, false)),
        body_jb: b.add_text_field("body_jb", text(JIEBA, false)),
        title_show: b.add_text_field("title_show", STORED),
        doc_no_show: b.add_text_field("doc_no_show", STORED),
        body_show: b.add_text_field("body_show", STORED),
        attach_show: b.add_text_field("attach_show", STORED),
    };
    (b.build(), f)
}

pub fn register_tokenizers(index: &tantivy::Index) {
    index
        .tokenizers()
        .register(BIGRAM, TextAnalyzer::builder(BigramTokenizer).build());
    index.tokenizers().register(
        JIEBA,
        TextAnalyzer::builder(tantivy_jieba::JiebaTokenizer::new()).build(),
    );
}
