using System.Text;
using Parley.Client.Connection;
using Parley.Client.Storage;
using Parley.Crypto;

namespace Parley.Client;

/// <summary>
/// Identities and pins under a home folder, every folder of it owner-only (0700):
/// &lt;home&gt;/identities/&lt;name-hex&gt;/identity.pem (0600),
/// known_peers.json (TOFU pins, per server) and replay.json (message ids seen within the freshness window).
/// &lt;name-hex&gt; is the hex of the UTF-8 of the name's uniqueness key, so any Unicode name is a safe path.
/// </summary>
public sealed class IdentityStore
{
    internal const string IdentityFileName = "identity.pem";
    internal const string NameFileName = "name.txt";
    internal const string KnownPeersFileName = "known_peers.json";
    internal const string ReplayFileName = "replay.json";

    public IdentityStore(string home)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(home);
        Home = Path.GetFullPath(home);
    }

    public string Home { get; }

    /// <summary>$PARLEY_HOME, else $XDG_DATA_HOME/parley, else ~/.local/share/parley.</summary>
    public static string DefaultHome()
    {
        if (Environment.GetEnvironmentVariable("PARLEY_HOME") is { Length: > 0 } home)
        {
            return home;
        }

        if (Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "parley");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "parley");
    }

    /// <summary>Creates the identity (an RSA-3072 key) on first use and reuses it after.</summary>
    /// <exception cref="ParleyException">InvalidName; or Other when the stored key file is unreadable.</exception>
    public Identity LoadOrCreate(string name)
    {
        var parsed = IdentityName.Parse(name);
        if (TryLoad(parsed, out var existing))
        {
            return existing!;
        }

        var created = Identity.Generate();
        try
        {
            if (Save(parsed, created))
            {
                return created;
            }
        }
        catch
        {
            created.Dispose();
            throw;
        }

        // Another process created it at the same moment: theirs stands.
        created.Dispose();
        return TryLoad(parsed, out existing)
            ? existing!
            : throw new ParleyException(ParleyErrorKind.Other, $"the identity of '{parsed.Normalized}' vanished while being created");
    }

    /// <exception cref="ParleyException">InvalidName; or Other when the stored key file is unreadable.</exception>
    public bool TryLoad(string name, out Identity? identity)
    {
        var loaded = TryLoad(IdentityName.Parse(name), out var found);
        identity = found;
        return loaded;
    }

    /// <summary>The pins of that identity for the peers on one server ("host:port").</summary>
    /// <exception cref="ParleyException">InvalidName; ConnectionFailed for a malformed address; or Other when known_peers.json is damaged.</exception>
    public KnownPeers PeersOf(string name, string server) => PeersOf(IdentityName.Parse(name), ServerAddress.Parse(server));

    internal KnownPeers PeersOf(IdentityName name, ServerAddress server) =>
        new(Path.Combine(FolderOf(name), KnownPeersFileName), KnownPeers.ScopeOf(server));

    /// <summary>Names that have an identity in this home, as they were first written.</summary>
    public IReadOnlyList<string> Names()
    {
        var root = Path.Combine(Home, "identities");
        if (!Directory.Exists(root))
        {
            return [];
        }

        var names = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            var nameFile = Path.Combine(folder, NameFileName);
            if (File.Exists(Path.Combine(folder, IdentityFileName)) && File.Exists(nameFile))
            {
                names.Add(File.ReadAllText(nameFile, Encoding.UTF8).Trim());
            }
        }

        names.Sort(StringComparer.OrdinalIgnoreCase);
        return names;
    }

    /// <summary>
    /// One line of warning when the home, its identities folder, the name's folder or its key file lets group
    /// or others in: Parley makes them owner-only (0700, the key 0600), so this catches ones made or changed
    /// otherwise. Null when they are private or missing, and on Windows.
    /// </summary>
    /// <exception cref="ParleyException">InvalidName.</exception>
    public string? PrivacyWarning(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var folder = FolderOf(IdentityName.Parse(name));
        var exposed = new List<string>();
        foreach (var path in (string[])[Home, Path.Combine(Home, "identities"), folder, Path.Combine(folder, IdentityFileName)])
        {
            try
            {
                var mode = Path.Exists(path) ? File.GetUnixFileMode(path) : UnixFileMode.None;
                if ((mode & AtomicFile.GroupOrOthers) != 0)
                {
                    exposed.Add($"{path} (mode {Convert.ToString((int)mode, 8)})");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not readable as a path: nothing to say about its mode.
            }
        }

        return exposed.Count == 0
            ? null
            : $"other users of this machine may reach your keys: {string.Join(", ", exposed)} let group or others in; run chmod go-rwx on them";
    }

    /// <summary>The folder holding one identity's files.</summary>
    /// <exception cref="ParleyException">InvalidName.</exception>
    public string FolderOf(string name) => FolderOf(IdentityName.Parse(name));

    internal string FolderOf(IdentityName name) => Path.Combine(Home, "identities", name.FolderName);

    /// <summary>Stores a given key as the identity of a name that has none yet; false when it already has one.</summary>
    internal bool Save(IdentityName name, Identity identity)
    {
        var folder = FolderOf(name);
        AtomicFile.EnsurePrivateFolder(folder);
        AtomicFile.Write(Path.Combine(folder, NameFileName), Encoding.UTF8.GetBytes(name.Normalized + "\n"));
        return AtomicFile.TryCreate(Path.Combine(folder, IdentityFileName), Encoding.ASCII.GetBytes(identity.ExportPrivateKeyPem()));
    }

    internal bool TryLoad(IdentityName name, out Identity? identity)
    {
        var path = Path.Combine(FolderOf(name), IdentityFileName);
        identity = null;
        string pem;
        try
        {
            pem = File.ReadAllText(path, Encoding.ASCII);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        try
        {
            identity = Identity.FromPem(pem);
            return true;
        }
        catch (InvalidKeyException ex)
        {
            throw new ParleyException(ParleyErrorKind.Other, $"the identity file {path} is not usable: {ex.Message}", ex);
        }
    }
}
