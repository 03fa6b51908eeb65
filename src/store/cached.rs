//! Statement caching for the edit path: a workbook's edits repeat the same few statements, and
//! parsing SQL again for each of ten thousand demo problems costs more than running it.

use rusqlite::{Connection, Params, Row};

/// `execute` and `query_row` through the connection's prepared-statement cache.
pub(super) trait CachedStatements {
    /// Runs a statement that returns no rows; the number of rows changed.
    fn run(&self, sql: &str, params: impl Params) -> rusqlite::Result<usize>;

    /// Runs a query and maps its first row.
    fn row<T>(
        &self,
        sql: &str,
        params: impl Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T>;
}

impl CachedStatements for Connection {
    fn run(&self, sql: &str, params: impl Params) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn row<T>(
        &self,
        sql: &str,
        params: impl Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.prepare_cached(sql)?.query_row(params, map)
    }
}
