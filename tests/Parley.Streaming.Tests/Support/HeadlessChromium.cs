using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Parley.Streaming.Tests.Support;

/// <summary>
/// Debian's chromium, headless, with a profile of its own, driven over the DevTools protocol: each
/// <see cref="EvaluateAsync"/> runs a script in a blank page and returns what its promise resolves to.
/// Real media pipeline and network stack; no display needed.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private readonly RunningProcess _process;
    private readonly string _profile;
    private readonly ClientWebSocket _page;
    private int _nextId;

    private HeadlessChromium(RunningProcess process, string profile, ClientWebSocket page)
    {
        _process = process;
        _profile = profile;
        _page = page;
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        var profile = Directory.CreateTempSubdirectory("parley-chromium-").FullName;
        var process = RunningProcess.Start(
            ProcessRunner.OnPath("chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--mute-audio",
                "--autoplay-policy=no-user-gesture-required",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank",
            ]);
        try
        {
            using var timeout = new CancellationTokenSource(s_startTimeout);
            var port = await DevToolsPortAsync(profile, process, timeout.Token);
            var page = await ConnectToPageAsync(port, timeout.Token);
            return new HeadlessChromium(process, profile, page);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Evaluates <paramref name="script"/> (an expression, usually an async IIFE) in the page and
    /// returns its value; a thrown error or rejected promise fails with the page's message.
    /// </summary>
    public async Task<JsonNode?> EvaluateAsync(string script, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject
        {
            ["id"] = id,
            ["method"] = "Runtime.evaluate",
            ["params"] = new JsonObject { ["expression"] = script, ["awaitPromise"] = true, ["returnByValue"] = true },
        };
        using var cancel = new CancellationTokenSource(timeout);
        await _page.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancel.Token);
        while (true)
        {
            var message = await ReceiveAsync(cancel.Token);
            if (message["id"]?.GetValue<int>() != id)
            {
                continue; // an event, or the answer to something else
            }

            var result = message["result"] ?? throw new InvalidOperationException("DevTools error: " + message.ToJsonString());
            if (result["exceptionDetails"] is { } exception)
            {
                throw new InvalidOperationException("the page's script failed: " + exception.ToJsonString());
            }

            return result["result"]?["value"];
        }
    }

    public void Dispose()
    {
        _page.Dispose();
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium's last writes can race the delete; a temp profile left behind is harmless.
        }
    }

    // chromium writes the port it picked to DevToolsActivePort in the profile once it listens.
    private static async Task<int> DevToolsPortAsync(string profile, RunningProcess process, CancellationToken ct)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            if (process.HasExited)
            {
                var result = await process.WaitForRunAsync(s_startTimeout);
                throw new InvalidOperationException($"chromium ended before it listened for DevTools: {result}");
            }

            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file, ct);
                if (lines.Length > 0 && int.TryParse(lines[0], out var port) && port > 0)
                {
                    return port;
                }
            }

            await Task.Delay(50, ct);
        }
    }

    private static async Task<ClientWebSocket> ConnectToPageAsync(int port, CancellationToken ct)
    {
        using var http = new HttpClient();
        while (true)
        {
            var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list"), ct))!.AsArray();
            var page = targets.FirstOrDefault(t => t?["type"]?.GetValue<string>() == "page");
            if (page?["webSocketDebuggerUrl"]?.GetValue<string>() is { } address)
            {
                var socket = new ClientWebSocket();
                try
                {
                    await socket.ConnectAsync(new Uri(address), ct);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            await Task.Delay(50, ct);
        }
    }

    private async Task<JsonNode> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await _page.ReceiveAsync(buffer, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("chromium closed the DevTools connection");
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray()) ?? throw new JsonException("an empty DevTools message");
            }
        }
    }
}
