using System.CommandLine;
using Parley.Client;

namespace Parley.Cli.Common;

/// <summary>The options every client command shares: --server, --name, --home, --server-fingerprint and --insecure.</summary>
internal sealed class ClientFlags
{
    public const string DefaultServer = "127.0.0.1:7878";

    public Option<string> Server { get; } = new("--server")
    {
        HelpName = "HOST:PORT",
        Description = "The Parley server",
        DefaultValueFactory = _ => DefaultServer,
    };

    public Option<string> Name { get; } = new("--name")
    {
        HelpName = "NAME",
        Description = "Your name (created with a new key on first use)",
        Required = true,
    };

    public Option<string?> Home { get; } = HomeOption();

    public Option<string?> ServerFingerprint { get; } = new("--server-fingerprint")
    {
        HelpName = "SHA256:...",
        Description = "The server's key as it prints it at start: any other is refused, and this one is pinned (also the way to accept a changed key)",
    };

    public Option<bool> Insecure { get; } = new("--insecure")
    {
        Description = "Plain TCP without TLS, for a server started with --insecure (anyone on the path reads and changes everything)",
    };

    /// <summary>--home alone, for commands that need no server.</summary>
    public static Option<string?> HomeOption() => new("--home")
    {
        HelpName = "DIR",
        Description = "Folder holding your identities and pinned peer keys [default: $PARLEY_HOME, else $XDG_DATA_HOME/parley, else ~/.local/share/parley]",
    };

    public static Option<string> NameOption() => new("--name")
    {
        HelpName = "NAME",
        Description = "Your name",
        Required = true,
    };

    public void AddTo(Command command)
    {
        command.Add(Server);
        command.Add(Name);
        command.Add(Home);
        command.Add(ServerFingerprint);
        command.Add(Insecure);
    }

    /// <param name="receiveQueued">Take the messages the server queued while this name was offline (listen, chat).</param>
    public ParleyClientOptions ToClientOptions(ParseResult parse, bool presence, bool receiveQueued = false) => new()
    {
        Server = parse.GetRequiredValue(Server),
        Name = parse.GetRequiredValue(Name),
        Home = parse.GetValue(Home),
        Presence = presence,
        ReceiveQueued = receiveQueued,
        ClientSoftware = "parley-cli/0.1",
        OnWarning = ErrorLine.Warning,
        ServerFingerprint = parse.GetValue(ServerFingerprint),
        Insecure = parse.GetValue(Insecure),
        OnServerPinned = ErrorLine.Notice,
    };
}
