using System.CommandLine;
using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;
using Parley.Client.Storage;

namespace Parley.Cli.Keys;

/// <summary>`parley servers forget HOST:PORT`: drops a server's pinned TLS key, so the next connection pins the one it presents.</summary>
internal static class ServersCommand
{
    public static Command Create()
    {
        var server = new Argument<string>("HOST:PORT") { Description = "The server, as given to --server (the port defaults to 7878; an IPv6 address with or without brackets)" };
        var home = ClientFlags.HomeOption();
        var forget = new Command(
            "forget",
            "Forget a server's pinned key (after its owner told you it changed): the next connection pins the key it presents")
        {
            server,
            home,
        };
        forget.SetAction(parse => Forget(parse.GetRequiredValue(server), parse.GetValue(home) ?? IdentityStore.DefaultHome()));
        return new Command("servers", "The servers whose keys you have pinned (known_servers in your home)") { forget };
    }

    private static int Forget(string server, string home)
    {
        string key;
        try
        {
            key = ServerKey.Of(server);
        }
        catch (ParleyException ex)
        {
            return ErrorLine.Fail(ex.Message, ExitCodes.Usage);
        }

        var known = new KnownServers(home);
        try
        {
            if (!known.Forget(key))
            {
                return ErrorLine.Fail($"no key is pinned for {key} in {known.FilePath}");
            }

            Terminal.Out.Line($"forgot the key of {key}; the next connection pins the key it presents");
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ErrorLine.Fail($"cannot change {known.FilePath}: {ex.Message}");
        }
    }
}
