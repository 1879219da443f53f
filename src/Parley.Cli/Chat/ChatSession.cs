using Parley.Cli.Common;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Chat;

/// <summary>
/// One interactive chat: shows the roster, then prints incoming events while running the typed
/// commands, until /quit, Ctrl+C/Ctrl+D, end of input, or the connection is lost.
/// </summary>
internal sealed class ChatSession
{
    private readonly ParleyClient _client;
    private readonly IChatConsole _console;
    private readonly SentMessages _sent = new();

    public ChatSession(ParleyClient client, IChatConsole console, string server)
    {
        _client = client;
        _console = console;
        Server = server;
    }

    private string Server { get; }

    /// <returns>The exit code: 0 after quitting, 1 when the connection was lost.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        // Disposed last: a video still playing is stopped as the chat ends.
        await using var commands = new ChatCommands(_client, _console, Server, _sent);
        ShowWelcome(commands);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var events = ShowEventsAsync(stop.Token);
        var typing = RunCommandsAsync(commands, stop.Token);
        var first = await Task.WhenAny(events, typing);
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(events, typing);
        }
        catch (OperationCanceledException)
        {
            // The other half stopped because this one ended.
        }

        ct.ThrowIfCancellationRequested();
        return first == events ? ExitCodes.Error : ExitCodes.Ok;
    }

    private void ShowWelcome(ChatCommands commands)
    {
        var registered = _client.NewlyRegistered ? $"; the name {_client.Name} is now registered to your key" : "";
        _console.Print($"connected to {Server} as {_client.Name}{registered}");
        _console.Print($"your fingerprint: {_client.Fingerprint}");
        commands.ShowWho();
        // A changed key among these arrives as a KeyChangedEvent, warned about with the other events.
        _console.Print("type /help for commands");
    }

    private async Task RunCommandsAsync(ChatCommands commands, CancellationToken ct)
    {
        await foreach (var line in _console.Lines.ReadAllAsync(ct))
        {
            if (!await commands.RunAsync(line, ct))
            {
                return;
            }
        }
    }

    private void ShowJoined(PeerInfo peer)
    {
        var name = peer.Name;
        try
        {
            peer = _client.PinIfNew(peer);
            // A changed key gets the whole KEY CHANGED warning from the event that follows.
            var pin = peer.Pin == PinStatus.Changed ? "" : PinWords.Human(peer);
            _console.Print($"* {name} joined, fingerprint {peer.Fingerprint}{pin}");
        }
        catch (ParleyException ex)
        {
            _console.Print($"* {name} joined, fingerprint {peer.Fingerprint} (not pinned)");
            _console.Warn("! " + ex.Message);
        }
    }

    /// <summary>Completes when the connection is lost.</summary>
    private async Task ShowEventsAsync(CancellationToken ct)
    {
        await foreach (var incoming in _client.Events.ReadAllAsync(ct))
        {
            switch (incoming)
            {
                case MessageReceivedEvent { Message: var message }:
                    _console.Print(MessageLine.Of(message));
                    break;
                case PeerJoinedEvent { Peer: var peer }:
                    ShowJoined(peer);
                    break;
                case PeerLeftEvent left:
                    _console.Print($"* {left.Name} left");
                    break;
                case MessageRejectedEvent rejected:
                    _console.Warn($"! rejected a message from {rejected.From}: {rejected.Reason}");
                    break;
                case DeliveryReceiptEvent receipt:
                    _console.Print("* " + ReceiptText.Of(receipt, _sent));
                    break;
                case SessionResetEvent reset:
                    _console.Warn("! " + reset.Detail);
                    break;
                case KeyChangedEvent changed:
                    _console.Warn(ChatText.KeyChanged(changed.Name, changed.PresentedFingerprint, changed.PinnedFingerprint));
                    break;
                case DisconnectedEvent disconnected:
                    _console.Warn($"! disconnected: {disconnected.Reason}");
                    return;
                case ReconnectedEvent:
                    _console.Print("* " + Reconnecting.Describe(incoming));
                    break;
                default:
                    // The screen and the line being typed stay as they are while the client reconnects.
                    if (Reconnecting.Describe(incoming) is { } line)
                    {
                        _console.Warn("! " + line);
                    }

                    break;
            }
        }

        _console.Warn("! disconnected");
    }
}
