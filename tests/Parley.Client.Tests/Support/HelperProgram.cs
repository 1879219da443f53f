using System.Globalization;
using Parley.Client.Storage;
using Parley.Crypto.Envelope;
using Parley.Crypto.Sessions;

namespace Parley.Client.Tests.Support;

/// <summary>
/// The test assembly's entry point, for tests that need a second real process: the test host never calls it.
/// <c>session-writer &lt;sessions.db&gt; &lt;own name&gt; &lt;own key index&gt; &lt;peer name&gt; &lt;peer key index&gt; &lt;count&gt; &lt;label&gt;</c> seals
/// count messages to the peer through the store (which must already hold a session) and prints each
/// envelope as a base64 line.
/// </summary>
public static class HelperProgram
{
    public const string SessionWriter = "session-writer";

    public static int Main(string[] args)
    {
        if (args is not [SessionWriter, var path, var ownName, var own, var peerName, var peer, var count, var label])
        {
            Console.Error.WriteLine($"usage: {SessionWriter} <sessions.db> <own name> <own key index> <peer name> <peer key index> <count> <label>");
            return 2;
        }

        var identity = TestIdentities.Get(int.Parse(own, CultureInfo.InvariantCulture));
        var peerKey = TestIdentities.Get(int.Parse(peer, CultureInfo.InvariantCulture)).PublicKey;
        using var store = SessionStore.Open(path, identity);
        var sealer = new SessionSealer(store);
        var names = new SessionNames(ownName, peerName);
        for (var i = 0; i < int.Parse(count, CultureInfo.InvariantCulture); i++)
        {
            var content = new SessionContent { Text = $"{label} {i}", SentAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
            Console.Out.WriteLine(Convert.ToBase64String(sealer.Seal(peerKey, names, content).Envelope));
        }

        return 0;
    }
}
