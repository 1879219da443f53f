using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Metrics;
using Parley.Server.Presence;
using Parley.Server.Sessions;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// Kestrel hands every accepted TCP connection here. One async flow reads, one drains the outbox;
/// no thread is held while a connection is idle.
/// </summary>
internal sealed partial class TcpConnectionHandler(
    ParleyServerOptions options,
    ConnectionReader reader,
    TransportSecurity security,
    OutboundQueues queues,
    IPresence presence,
    ServerMetrics metrics,
    ILogger<TcpConnectionHandler> logger) : ConnectionHandler
{
    private const string Transport = "tcp";

    // How long a closing connection may take to accept its last frames before it is cut.
    private static readonly TimeSpan s_closingGrace = TimeSpan.FromSeconds(5);

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        metrics.ConnectionOpened(Transport);
        try
        {
            await ServeAsync(connection);
        }
        finally
        {
            metrics.ConnectionClosed(Transport);
        }
    }

    private async Task ServeAsync(ConnectionContext connection)
    {
        var output = ConnectionOutput.Of(connection);
        var session = new ClientSession(new TcpSessionConnection(connection, output, security.ChannelBindingOf(connection)), queues.CreateOutbox());
        var writer = RunWriterAsync(session, connection, output);
        var lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        using var shutdown = (lifetime?.ConnectionClosedRequested ?? CancellationToken.None).Register(
            static state => ((ClientSession)state!).Fail(ErrorCode.ServerShuttingDown, "the server is shutting down; connect again in a moment"),
            session);
        session.StartLoginTimer(options.LoginTimeout);
        try
        {
            var admitted = connection.Features.Get<ConnectionAdmissionFeature>()
                ?? throw new InvalidOperationException("a connection reached the handler without being admitted");
            if (admitted.Admission is { } admission)
            {
                await reader.RunAsync(session, admission, connection.Transport.Input);
            }
            else
            {
                session.Fail(admitted.Refusal);
            }
        }
        catch (ProtocolViolationException ex) when (ex.Code is ErrorCode.ServerBusy or ErrorCode.ServerShuttingDown)
        {
            // A refusal, not a fault of the client; at Debug, so a login flood does not flood the log too.
            LogRefused(logger, connection.ConnectionId, ex.Code);
            session.Fail(ex.Code, ex.Message);
        }
        catch (ProtocolViolationException ex)
        {
            LogProtocolViolation(logger, connection.ConnectionId, session.Identity?.Name ?? "not logged in", ex.Code);
            session.Fail(ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is ConnectionResetException or IOException or ConnectionAbortedException)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
#pragma warning disable CA1873 // guarded just above; the analyzer does not see guards around generated log methods
                LogDropped(logger, connection.ConnectionId, ex.GetType().Name);
#pragma warning restore CA1873
            }
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, connection.ConnectionId);
            session.Fail(ErrorCode.Internal, "internal server error");
        }
        finally
        {
            session.Close();
            presence.Leave(session);
            if (session.Identity is { } identity)
            {
                LogLeft(logger, identity.Name, connection.ConnectionId);
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

        session.Outbox.DiscardRemaining();
    }

    private async Task RunWriterAsync(ClientSession session, ConnectionContext connection, PipeWriter output)
    {
        try
        {
            await OutboxWriter.RunAsync(session.Outbox, output, s_closingGrace, metrics);
        }
        catch (Exception ex)
        {
            // The peer went away mid-write; the reader sees the same and ends the session.
            if (logger.IsEnabled(LogLevel.Debug))
            {
#pragma warning disable CA1873 // guarded just above; the analyzer does not see guards around generated log methods
                LogWriteEnded(logger, connection.ConnectionId, ex.GetType().Name);
#pragma warning restore CA1873
            }

            session.Close();
            connection.Transport.Input.CancelPendingRead();
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Connection {ConnectionId} refused: {Code}")]
    private static partial void LogRefused(ILogger logger, string connectionId, ErrorCode code);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Connection {ConnectionId} ({Name}) broke the protocol: {Code}")]
    private static partial void LogProtocolViolation(ILogger logger, string connectionId, string name, ErrorCode code);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Connection {ConnectionId} dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Connection {ConnectionId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "{Name} left connection {ConnectionId}")]
    private static partial void LogLeft(ILogger logger, string name, string connectionId);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "Connection {ConnectionId} write ended: {Reason}")]
    private static partial void LogWriteEnded(ILogger logger, string connectionId, string reason);
}
