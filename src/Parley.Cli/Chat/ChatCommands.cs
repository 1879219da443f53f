using Parley.Cli.Common;
using Parley.Cli.Keys;
using Parley.Cli.Output;
using Parley.Client;

namespace Parley.Cli.Chat;

/// <summary>Runs one typed line: a /command, or a message to the last /msg recipient.</summary>
internal sealed class ChatCommands : IAsyncDisposable
{
    private readonly ParleyClient _client;
    private readonly IChatConsole _console;
    private readonly ChatVideos _videos;
    private readonly SentMessages _sent;
    private string? _lastRecipient;

    public ChatCommands(ParleyClient client, IChatConsole console, string server, SentMessages sent)
    {
        _client = client;
        _console = console;
        _sent = sent;
        _videos = new ChatVideos(client, console, server);
    }

    /// <returns>False when the user asked to quit.</returns>
    public async Task<bool> RunAsync(string line, CancellationToken ct)
    {
        if (line.Trim().Length == 0)
        {
            return true;
        }

        try
        {
            return await DispatchAsync(line, ct);
        }
        catch (ParleyException ex)
        {
            _console.Warn("! " + ex.Message);
            return true;
        }
    }

    /// <summary>The roster; keys seen for the first time are pinned as they are shown.</summary>
    public void ShowWho()
    {
        List<PeerInfo> online;
        try
        {
            online = [.. _client.Online.Select(_client.PinIfNew)];
        }
        catch (ParleyException ex)
        {
            _console.Warn("! cannot show who is online: " + ex.Message);
            return;
        }

        if (online.Count == 0)
        {
            _console.Print("nobody else is online");
            return;
        }

        _console.Print(["online:", .. PeerTable.Lines(online)]);
    }

    /// <summary>Stops a video that is still playing.</summary>
    public ValueTask DisposeAsync() => _videos.DisposeAsync();

    private async Task<bool> DispatchAsync(string line, CancellationToken ct)
    {
        if (!line.StartsWith('/') || line.StartsWith("//", StringComparison.Ordinal))
        {
            var text = line.StartsWith('/') ? line[1..] : line;
            if (_lastRecipient is null)
            {
                _console.Print("to whom? use /msg NAME TEXT; after that, lines without a slash go to NAME");
                return true;
            }

            await SendAsync(_lastRecipient, text, ct);
            return true;
        }

        var (command, rest) = SplitWord(line[1..]);
        switch (command.ToUpperInvariant())
        {
            case "HELP" or "?":
                _console.Print(ChatText.Help(_lastRecipient));
                break;
            case "WHO":
                ShowWho();
                break;
            case "MSG" or "M":
                var (to, text) = SplitWord(rest);
                if (to.Length == 0 || text.Length == 0)
                {
                    _console.Print("usage: /msg NAME TEXT");
                    break;
                }

                _lastRecipient = to;
                await SendAsync(to, text, ct);
                break;
            case "ALL":
                if (rest.Length == 0)
                {
                    _console.Print("usage: /all TEXT");
                    break;
                }

                await SendToEveryoneAsync(rest, ct);
                break;
            case "FINGERPRINT" or "FP":
                await ShowFingerprintAsync(rest.Trim(), ct);
                break;
            case "TRUST":
                await TrustAsync(rest, ct);
                break;
            case "VERIFY":
                await VerifyAsync(rest, ct);
                break;
            case "VIDEOS":
                await _videos.ListAsync(ct);
                break;
            case "PLAY":
                await _videos.PlayAsync(rest, ct);
                break;
            case "STOP":
                await _videos.StopAsync();
                break;
            case "QUIT" or "EXIT" or "Q":
                return false;
            default:
                _console.Print($"unknown command /{command}; /help lists them");
                break;
        }

        return true;
    }

    private async Task SendAsync(string to, string text, CancellationToken ct)
    {
        var outcome = await _client.SendTextAsync(to, text, ct);
        _sent.Remember(outcome, text, DateTimeOffset.Now);
        if (outcome.Delivered)
        {
            _console.Print(MessageLine.Lines($"{MessageLine.Time(DateTimeOffset.Now)} {_client.Name} -> {outcome.To}: ", text));
        }
        else if (outcome.Status == SendStatus.Queued)
        {
            _console.Print(MessageLine.Lines($"{MessageLine.Time(DateTimeOffset.Now)} {_client.Name} -> {outcome.To} (offline, queued): ", text));
        }
        else
        {
            ReportUndelivered(outcome);
        }
    }

    private async Task SendToEveryoneAsync(string text, CancellationToken ct)
    {
        var outcomes = await _client.SendToEveryoneAsync(text, ct);
        var at = DateTimeOffset.Now;
        foreach (var outcome in outcomes)
        {
            _sent.Remember(outcome, text, at);
        }

        if (outcomes.Count == 0)
        {
            _console.Print("nobody else is online");
            return;
        }

        var delivered = outcomes.Count(outcome => outcome.Delivered);
        _console.Print(MessageLine.Lines($"{MessageLine.Time(DateTimeOffset.Now)} {_client.Name} -> everyone ({delivered} of {outcomes.Count}): ", text));
        foreach (var outcome in outcomes.Where(outcome => !outcome.Delivered))
        {
            ReportUndelivered(outcome);
        }
    }

    private void ReportUndelivered(SendOutcome outcome)
    {
        if (outcome.Status == SendStatus.KeyChanged)
        {
            var name = outcome.To;
            _console.Warn($"! not sent to {name}: {name}'s KEY CHANGED. Compare fingerprints (/fingerprint {name}), then /trust {name} NEW-FINGERPRINT");
        }
        else
        {
            _console.Warn("! not delivered: " + ClientErrors.Describe(outcome));
        }
    }

    private async Task ShowFingerprintAsync(string name, CancellationToken ct)
    {
        if (name.Length == 0)
        {
            _console.Print($"your fingerprint ({_client.Name}): {_client.Fingerprint}");
            return;
        }

        var peer = await _client.LookupAsync(name, ct);
        if (peer is null)
        {
            _console.Print($"nobody is registered as {name}");
            return;
        }

        peer = _client.PinIfNew(peer);
        var shown = peer.Name;
        var state = peer.Online ? "online" : "offline";
        switch (peer.Pin)
        {
            case PinStatus.Changed:
                var pinned = _client.KnownPeers.PinnedFingerprint(peer.Name);
                _console.Warn(ChatText.KeyChanged(peer.Name, peer.Fingerprint, pinned));
                break;
            case PinStatus.FirstSeen:
                _console.Print($"{shown} ({state}): {peer.Fingerprint} (first seen, pinned now; compare it with {shown})");
                break;
            default:
                _console.Print($"{shown} ({state}): {peer.Fingerprint} (matches your pin{(peer.Verified ? ", verified" : "")})");
                break;
        }
    }

    /// <summary>/trust NAME [FINGERPRINT]: a changed key is replaced only with its fingerprint typed after the name.</summary>
    private async Task TrustAsync(string arguments, CancellationToken ct)
    {
        var (name, fingerprint) = SplitWord(arguments);
        if (name.Length == 0)
        {
            _console.Print("usage: /trust NAME [FINGERPRINT] (after comparing fingerprints with NAME)");
            return;
        }

        var peer = await _client.LookupAsync(name, ct);
        if (peer is null)
        {
            _console.Print($"nobody is registered as {name}");
            return;
        }

        var (trusted, message) = PeerTrust.Trust(
            _client,
            peer,
            fingerprint.Trim().Length == 0 ? null : fingerprint.Trim(),
            presented => $"type /trust {peer.Name} {presented}");
        if (trusted)
        {
            _console.Print(message);
        }
        else
        {
            _console.Warn("! " + message);
        }
    }

    /// <summary>/verify NAME [confirm]: the safety number with NAME; "confirm" marks NAME verified.</summary>
    private async Task VerifyAsync(string arguments, CancellationToken ct)
    {
        var (name, option) = SplitWord(arguments);
        var confirm = option.Trim().Equals("confirm", StringComparison.OrdinalIgnoreCase);
        if (name.Length == 0 || (option.Trim().Length > 0 && !confirm))
        {
            _console.Print("usage: /verify NAME, then /verify NAME confirm once the numbers matched");
            return;
        }

        var peer = await _client.LookupAsync(name, ct);
        if (peer is null || _client.IsOwnName(peer.RegisteredName))
        {
            _console.Print(peer is null ? $"nobody is registered as {name}" : "a safety number is between you and someone else");
            return;
        }

        var (lines, error) = PeerVerification.Show(
            _client, peer, confirm, presented => $"type /trust {peer.Name} {presented}", $"type /verify {peer.Name} confirm");
        if (lines is null)
        {
            _console.Warn("! " + error);
            return;
        }

        _console.Print(lines);
    }

    private static (string Word, string Remainder) SplitWord(string text)
    {
        text = text.TrimStart();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (text, "") : (text[..space], text[(space + 1)..].TrimStart());
    }
}
