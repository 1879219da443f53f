using Microsoft.Data.Sqlite;

namespace Parley.Server;

/// <summary>
/// One of the server's SQLite files under <c>--data</c> (the name registry, prekeys, the offline queue): each its own
/// file, so their writes never queue behind each other's; WAL, so reads go on while one writes.
/// </summary>
internal static class DataFile
{
    /// <summary>Opens (creating if missing) <paramref name="fileName"/> under <paramref name="dataDirectory"/> and runs <paramref name="schema"/>.</summary>
    /// <param name="synchronous">SQLite's <c>synchronous</c> pragma: FULL where an answer promises the write is on disk.</param>
    public static SqliteConnection Open(string dataDirectory, string fileName, string synchronous, string schema)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(dataDirectory, fileName)),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            db.Open();
            Execute(db, "PRAGMA journal_mode = WAL;");
            Execute(db, $"PRAGMA synchronous = {synchronous};");
            Execute(db, schema);
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
