using System.Text.Json;
using Parley.Crypto;

namespace Parley.Client.Storage;

/// <summary>
/// The <see cref="ReplayGuard"/> of one identity, kept in replay.json so a message replayed after
/// a restart is still refused. Saving merges with the file, so several connections of the same
/// identity do not erase each other's ids. A file of version 1 (ids without senders) is read as
/// ids from any sender, so the upgrade lets no replay through; they age out of the window.
/// </summary>
internal sealed class ReplayStore
{
    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly FreshnessPolicy _freshness;

    private ReplayStore(string path, FreshnessPolicy freshness)
    {
        _path = path;
        _freshness = freshness;
        Guard = new ReplayGuard(freshness);
    }

    public ReplayGuard Guard { get; }

    public static ReplayStore Open(string path, FreshnessPolicy freshness, DateTimeOffset now)
    {
        var store = new ReplayStore(path, freshness);
        foreach (var seen in store.ReadFile())
        {
            store.Guard.TryRecord(KeyOf(seen), DateTimeOffset.FromUnixTimeMilliseconds(seen.SentAtMs), now);
        }

        return store;
    }

    public void Save(DateTimeOffset now)
    {
        lock (_lock)
        {
            var horizon = (now - _freshness.ReplayWindow).ToUnixTimeMilliseconds();
            var merged = new Dictionary<ReplayKey, long>();
            foreach (var seen in ReadFile())
            {
                merged[KeyOf(seen)] = seen.SentAtMs;
            }

            foreach (var (message, sentAt) in Guard.Snapshot(now))
            {
                merged[message] = sentAt.ToUnixTimeMilliseconds();
            }

            var file = new ReplayFile
            {
                Seen = [.. merged.Where(p => p.Value >= horizon).Select(p => ToSeen(p.Key, p.Value))],
            };
            AtomicFile.EnsurePrivateFolder(Path.GetDirectoryName(_path)!);
            AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(file, StorageJson.Default.ReplayFile));
        }
    }

    private static ReplayKey KeyOf(SeenMessage seen) =>
        string.IsNullOrEmpty(seen.SenderKeyId) ? ReplayKey.AnySender(seen.Id) : new ReplayKey(seen.SenderKeyId, seen.Id);

    private static SeenMessage ToSeen(ReplayKey message, long sentAtMs) =>
        new(message.MessageId, sentAtMs, message.IsAnySender ? null : message.SenderKeyId);

    private List<SeenMessage> ReadFile()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(_path), StorageJson.Default.ReplayFile)?.Seen ?? [];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (JsonException ex)
        {
            throw new ParleyException(ParleyErrorKind.Other, $"the replay file {_path} is damaged ({ex.Message}); remove it to start afresh", ex);
        }
    }
}
