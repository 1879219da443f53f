using System.Diagnostics;
using System.Text.Json;
using Parley.Client.Storage;
using Parley.Crypto;

namespace Parley.Client;

/// <summary>
/// The keys one identity has pinned for its peers (trust on first use), kept in known_peers.json.
/// Thread-safe; picks up changes another process (e.g. `parley keys trust`) writes to the file.
/// </summary>
public sealed class KnownPeers
{
    // Reads (roster display, every delivery) look at the file's time at most this often; writes always do.
    private static readonly TimeSpan s_recheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private KnownPeersFile _pins = new();
    private DateTime _loadedWriteTime = DateTime.MinValue;
    private long _lastCheckTimestamp;

    /// <exception cref="ParleyException">The pin file exists but is damaged.</exception>
    internal KnownPeers(string path)
    {
        FilePath = path;
        ReloadIfChanged(force: true);
    }

    internal string FilePath { get; }

    /// <summary>How <paramref name="spki"/> compares with the pin; FirstSeen pins it (and persists it); Changed never overwrites.</summary>
    /// <exception cref="ParleyException">InvalidName.</exception>
    public PinStatus Check(string peerName, byte[] spki)
    {
        var name = IdentityName.Parse(peerName);
        var fingerprint = KeyFingerprint.Format(spki);
        lock (_lock)
        {
            ReloadIfChanged(force: true);
            if (_pins.Peers.TryGetValue(name.UniquenessKey, out var pinned))
            {
                return pinned.Fingerprint == fingerprint ? PinStatus.Matches : PinStatus.Changed;
            }

            Pin(name, spki, fingerprint);
            return PinStatus.FirstSeen;
        }
    }

    /// <summary>Null when nothing is pinned for that name.</summary>
    public string? PinnedFingerprint(string peerName)
    {
        if (!IdentityName.TryParse(peerName, out var name, out _))
        {
            return null;
        }

        lock (_lock)
        {
            ReloadIfChanged();
            return _pins.Peers.TryGetValue(name.UniquenessKey, out var pinned) ? pinned.Fingerprint : null;
        }
    }

    /// <summary>Explicit re-pin after the user compared fingerprints out of band.</summary>
    /// <exception cref="ParleyException">InvalidName.</exception>
    public void Trust(string peerName, byte[] spki)
    {
        var name = IdentityName.Parse(peerName);
        lock (_lock)
        {
            ReloadIfChanged(force: true);
            Pin(name, spki, KeyFingerprint.Format(spki));
        }
    }

    /// <summary>Every pin: name, fingerprint, when pinned.</summary>
    public IReadOnlyList<(string Name, string Fingerprint, DateTimeOffset PinnedAt)> List()
    {
        lock (_lock)
        {
            ReloadIfChanged();
            return [.. _pins.Peers.Values
                .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .Select(p => (p.Name, p.Fingerprint, p.PinnedAt))];
        }
    }

    /// <summary>Like <see cref="Check"/> but never pins: FirstSeen means "not pinned yet".</summary>
    internal PinStatus Peek(string peerName, string fingerprint)
    {
        if (!IdentityName.TryParse(peerName, out var name, out _))
        {
            return PinStatus.FirstSeen;
        }

        lock (_lock)
        {
            ReloadIfChanged();
            return !_pins.Peers.TryGetValue(name.UniquenessKey, out var pinned) ? PinStatus.FirstSeen
                : pinned.Fingerprint == fingerprint ? PinStatus.Matches
                : PinStatus.Changed;
        }
    }

    /// <summary>The pinned key (SubjectPublicKeyInfo DER), or null.</summary>
    internal byte[]? PinnedKey(string peerName)
    {
        if (!IdentityName.TryParse(peerName, out var name, out _))
        {
            return null;
        }

        lock (_lock)
        {
            ReloadIfChanged();
            return _pins.Peers.TryGetValue(name.UniquenessKey, out var pinned) ? Convert.FromBase64String(pinned.PublicKey) : null;
        }
    }

    private void Pin(IdentityName name, byte[] spki, string fingerprint)
    {
        _pins.Peers[name.UniquenessKey] = new PinnedPeer(name.Normalized, Convert.ToBase64String(spki), fingerprint, DateTimeOffset.UtcNow);
        AtomicFile.EnsurePrivateFolder(Path.GetDirectoryName(FilePath)!);
        AtomicFile.Write(FilePath, JsonSerializer.SerializeToUtf8Bytes(_pins, StorageJson.Default.KnownPeersFile));
        _loadedWriteTime = File.GetLastWriteTimeUtc(FilePath);
    }

    // Pins are stored under the uniqueness key of their day; the rule (and ICU's data) can change since,
    // so they are keyed anew from their names. Of pins that now share a key the oldest is kept: the
    // others' names then meet a different key and are refused as changed, loudly, never re-pinned.
    private static Dictionary<string, PinnedPeer> KeyedByCurrentRule(Dictionary<string, PinnedPeer> stored)
    {
        var rekeyed = new Dictionary<string, PinnedPeer>(StringComparer.Ordinal);
        foreach (var pin in stored.Values.OrderBy(p => p.PinnedAt))
        {
            if (IdentityName.TryParse(pin.Name, out var name, out _))
            {
                rekeyed.TryAdd(name.UniquenessKey, pin);
            }
        }

        return rekeyed;
    }

    private void ReloadIfChanged(bool force = false)
    {
        if (!force && _lastCheckTimestamp != 0 && Stopwatch.GetElapsedTime(_lastCheckTimestamp) < s_recheckInterval)
        {
            return;
        }

        _lastCheckTimestamp = Stopwatch.GetTimestamp();
        var writeTime = File.GetLastWriteTimeUtc(FilePath);
        if (writeTime == _loadedWriteTime)
        {
            return;
        }

        _loadedWriteTime = writeTime;
        if (!File.Exists(FilePath))
        {
            _pins = new KnownPeersFile();
            return;
        }

        try
        {
            var loaded = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), StorageJson.Default.KnownPeersFile);
            _pins = loaded is null ? new KnownPeersFile() : loaded with { Peers = KeyedByCurrentRule(loaded.Peers) };
        }
        catch (JsonException ex)
        {
            throw new ParleyException(ParleyErrorKind.Other, $"the pin file {FilePath} is damaged ({ex.Message}); fix or remove it", ex);
        }
    }
}
