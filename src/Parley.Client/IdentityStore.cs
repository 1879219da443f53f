using Parley.Crypto;

namespace Parley.Client;

/// <summary>
/// Identities and pins under a home folder: &lt;home&gt;/identities/&lt;name-hex&gt;/identity.pem (0600),
/// known_peers.json (TOFU pins) and replay.json (message ids seen within the freshness window).
/// </summary>
public sealed class IdentityStore
{
    public IdentityStore(string home)
    {
        Home = home;
    }

    public string Home { get; }

    /// <summary>$PARLEY_HOME, else $XDG_DATA_HOME/parley, else ~/.local/share/parley.</summary>
    public static string DefaultHome() => throw new NotImplementedException();

    /// <summary>Creates the identity on first use and reuses it after.</summary>
    public Identity LoadOrCreate(string name) => throw new NotImplementedException();

    public bool TryLoad(string name, out Identity? identity) => throw new NotImplementedException();

    /// <summary>The pins of that identity.</summary>
    public KnownPeers PeersOf(string name) => throw new NotImplementedException();
}
