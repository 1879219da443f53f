using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Presence;

namespace Parley.Server.Connections;

/// <summary>
/// Kestrel hands every accepted TCP connection here. One async flow reads, one drains the outbox;
/// no thread is held while a connection is idle.
/// </summary>
internal sealed class ParleyConnectionHandler(
    ParleyServerOptions options,
    ConnectionReader reader,
    Roster roster,
    ILogger<ParleyConnectionHandler> logger) : ConnectionHandler
{
    // How long a closing connection may take to accept its last frames before it is cut.
    private static readonly TimeSpan s_closingGrace = TimeSpan.FromSeconds(5);

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var session = new ClientSession(connection, new Outbox(options.OutboundQueueCapacity, options.OutboundQueueBytes));
        var writer = RunWriterAsync(session);
        var lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        using var shutdown = (lifetime?.ConnectionClosedRequested ?? CancellationToken.None).Register(
            static state => ((ClientSession)state!).Fail(ErrorCode.ServerShuttingDown, "the server is shutting down"),
            session);
        session.StartLoginTimer(options.LoginTimeout);
        try
        {
            await reader.RunAsync(session, connection.Transport.Input);
        }
        catch (ProtocolViolationException ex) when (ex.Code == ErrorCode.ServerBusy)
        {
            // A refusal, not a fault of the client; at Debug, so a login flood does not flood the log too.
            logger.LogDebug("Connection {ConnectionId} refused: {Code}", connection.ConnectionId, ex.Code);
            session.Fail(ex.Code, ex.Message);
        }
        catch (ProtocolViolationException ex)
        {
            logger.LogInformation(
                "Connection {ConnectionId} ({Name}) broke the protocol: {Code}",
                connection.ConnectionId,
                session.Identity?.Name ?? "not logged in",
                ex.Code);
            session.Fail(ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is ConnectionResetException or IOException or ConnectionAbortedException)
        {
            logger.LogDebug("Connection {ConnectionId} dropped: {Reason}", connection.ConnectionId, ex.GetType().Name);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Connection {ConnectionId} failed", connection.ConnectionId);
            session.Fail(ErrorCode.Internal, "internal server error");
        }
        finally
        {
            session.Close();
            roster.Leave(session);
            if (session.Identity is { } identity)
            {
                logger.LogInformation("{Name} left connection {ConnectionId}", identity.Name, connection.ConnectionId);
            }
        }

        try
        {
            await writer.WaitAsync(s_closingGrace);
        }
        catch (TimeoutException)
        {
            connection.Abort(new ConnectionAbortedException("the peer did not accept its last frames in time"));
            await writer;
        }
    }

    private async Task RunWriterAsync(ClientSession session)
    {
        try
        {
            await session.Outbox.RunWriterAsync(session.Connection.Transport.Output, s_closingGrace);
        }
        catch (Exception ex)
        {
            // The peer went away mid-write; the reader sees the same and ends the session.
            logger.LogDebug("Connection {ConnectionId} write ended: {Reason}", session.Connection.ConnectionId, ex.GetType().Name);
            session.Close();
            session.Connection.Transport.Input.CancelPendingRead();
        }
    }
}
