using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Parley.Server.Sessions;
using Parley.Server.Transports.Tcp;

namespace Parley.Server.Tests;

/// <summary>
/// A login's outcome is claimed once: by the login, or by its timer or the connection closing, whichever
/// comes first. A login that lost cannot register its name or announce it.
/// </summary>
public sealed class LoginOutcomeClaimTests
{
    [Fact]
    public void A_login_that_timed_out_can_no_longer_complete()
    {
        var (session, _) = NewSession();

        session.StartLoginTimer(TimeSpan.FromMilliseconds(1));

        // The timer queues LOGIN_TIMEOUT (closing the session) before it cancels the login: wait for both.
        Assert.True(SpinWait.SpinUntil(() => session.IsClosing, RawClient.DefaultTimeout), "the login timer did not fire");
        Assert.True(SpinWait.SpinUntil(() => session.LoginAbandonedToken.IsCancellationRequested, RawClient.DefaultTimeout), "the login was not abandoned");
        Assert.False(session.TryCompleteLogin());
    }

    [Fact]
    public void A_connection_that_closed_abandons_its_login()
    {
        var (session, closed) = NewSession();
        var abandoned = session.LoginAbandonedToken;

        closed.Cancel();

        Assert.True(abandoned.IsCancellationRequested);
        Assert.False(session.TryCompleteLogin());
    }

    [Fact]
    public void A_completed_login_is_not_abandoned_by_a_later_close()
    {
        var (session, closed) = NewSession();
        var abandoned = session.LoginAbandonedToken;

        Assert.True(session.TryCompleteLogin());
        closed.Cancel();
        session.Close();

        Assert.False(abandoned.IsCancellationRequested);
        Assert.False(session.TryCompleteLogin());
    }

    private static (ClientSession Session, CancellationTokenSource Closed) NewSession()
    {
        var input = new Pipe();
        var output = new Pipe();
        var closed = new CancellationTokenSource();
        var connection = new DefaultConnectionContext(
            "test",
            new DuplexPipe(input.Reader, output.Writer),
            new DuplexPipe(output.Reader, input.Writer))
        {
            ConnectionClosed = closed.Token,
        };
        return (new ClientSession(new TcpSessionConnection(connection, connection.Transport.Output, ReadOnlyMemory<byte>.Empty), new Outbox(16, 1 << 20)), closed);
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
