using System.Net;
using System.Net.Sockets;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Testing;

/// <summary>What a <see cref="ScriptedServer"/> does with each connection once the client said hello.</summary>
public sealed class ServerScript
{
    /// <summary>Sent instead of LoginAccepted when set: the login is refused with it.</summary>
    public Error? LoginRefusal { get; init; }

    /// <summary>The whole roster, for clients that log in with presence.</summary>
    public IReadOnlyList<Peer> Roster { get; init; } = [];

    /// <summary>Runs once the login is accepted (and the roster sent).</summary>
    public Func<ScriptedSession, Task> AfterLogin { get; init; } = _ => Task.CompletedTask;

    /// <summary>
    /// Answers one client frame. Frames are handed over as they arrive, each without waiting for the
    /// answer to the one before, so an answer may wait for something the test sees meanwhile.
    /// </summary>
    public Func<ScriptedSession, ClientFrame, Task> Answer { get; init; } = (_, _) => Task.CompletedTask;
}

/// <summary>One client connection to a <see cref="ScriptedServer"/>.</summary>
public sealed class ScriptedSession(FrameStream frames, Login login, CancellationToken stopping)
{
    /// <summary>Cancelled when the server stops: an answer that waits for the test should stop waiting too.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>The client's login: its name and public key.</summary>
    public Login Login { get; } = login;

    public Task SendAsync(ServerFrame frame) => frames.SendAsync(frame);

    /// <summary>Closes the connection, as a server does after a fatal error.</summary>
    public ValueTask CloseAsync() => frames.DisposeAsync();
}

/// <summary>
/// A server on 127.0.0.1 that speaks the wire protocol by hand and says what the test scripts, so
/// a test can make it send what a real server never would: hostile error texts, names and URLs.
/// Every login is accepted (its signature unchecked) unless the script refuses it.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _work = [];
    private readonly ServerScript _script;
    private Exception? _failure;

    private readonly bool _tls;

    private ScriptedServer(ServerScript script, bool tls)
    {
        _script = script;
        _tls = tls;
        _listener.Start();
        if (tls)
        {
            KnownTestServers.Register(Address, TestTls.OwnFingerprint);
        }

        _work.Add(AcceptAsync());
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The fingerprint of the key it presents (<see cref="TestTls.OwnCertificate"/>); null when it speaks plain TCP.</summary>
    public string? Fingerprint => _tls ? TestTls.OwnFingerprint : null;

    /// <summary>The first exception a script or session threw, if any (the client then sees a closed connection).</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <param name="tls">TLS 1.3 with the test doubles' own certificate, as clients expect by default.</param>
    public static ScriptedServer Start(ServerScript script, bool tls = true) => new(script, tls);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] work;
        lock (_work)
        {
            work = [.. _work];
        }

        try
        {
            // Tracked tasks never fault; an answer still waiting for the test is not waited for long.
            await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // Its connection is closed already; it ends when it next writes.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Track(ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        FrameStream frames;
        try
        {
            frames = new FrameStream(socket, _tls ? await TestTls.AcceptAsync(new NetworkStream(socket, ownsSocket: false), TestTls.OwnCertificate, _stop.Token) : null);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Security.Authentication.AuthenticationException)
        {
            socket.Dispose();
            return;
        }

        await using var owned = frames;
        try
        {
            await frames.ReadExactlyAsync(ProtocolConstants.Preamble.Length, _stop.Token);
            if ((await frames.ReadAsync(ClientFrame.Parser, _stop.Token))?.Hello is null)
            {
                return;
            }

            await frames.SendAsync(new ServerFrame { Welcome = WireFrames.Welcome("scripted-test-server") });
            if ((await frames.ReadAsync(ClientFrame.Parser, _stop.Token))?.Login is not { } login)
            {
                return;
            }

            if (_script.LoginRefusal is { } refusal)
            {
                await frames.SendAsync(new ServerFrame { Error = refusal });
                return;
            }

            await frames.SendAsync(WireFrames.LoginAccepted(login));
            if (login.Presence)
            {
                await frames.SendAsync(WireFrames.RosterPage(_script.Roster));
            }

            var session = new ScriptedSession(frames, login, _stop.Token);
            _ = Track(_script.AfterLogin(session));
            while (await frames.ReadAsync(ClientFrame.Parser, _stop.Token) is { } frame && frame.BodyCase != ClientFrame.BodyOneofCase.Goodbye)
            {
                _ = Track(_script.Answer(session, frame));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client or the test went away.
        }
    }

    private Task Track(Task task)
    {
        var tracked = task.ContinueWith(
            done =>
            {
                if (done.Exception?.GetBaseException() is { } ex && ex is not (OperationCanceledException or IOException or ObjectDisposedException))
                {
                    Interlocked.CompareExchange(ref _failure, ex, null);
                }
            },
            TaskScheduler.Default);
        lock (_work)
        {
            _work.Add(tracked);
        }

        return tracked;
    }
}
