using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Messages;
using Parley.Server.Authentication;

namespace Parley.Server.Tests;

/// <summary>
/// Login signatures are checked by a bounded pool: when its workers are busy and its queue is full, a
/// login is refused at once with SERVER_BUSY instead of waiting without bound. The test holds the workers
/// (a test-only gate), so which logins get in is decided by count, not by timing.
/// </summary>
public sealed class LoginVerificationQueueTests
{
    [Fact]
    public async Task Logins_beyond_the_workers_and_the_queue_are_refused_as_server_busy_and_the_rest_accepted()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var log = new RecordingLogProvider();
        await using var server = await TestServer.StartAsync(o => o with
        {
            LoginVerificationWorkers = 1,
            LoginVerificationQueue = 1,
        },
        s => s.AddSingleton(new LoginVerificationGate(gate.Task)).AddSingleton<ILoggerProvider>(log));
        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var client = await RawClient.ConnectAsync(server.Endpoint);
                clients.Add(client);
                await client.HelloAsync();
                await client.SendLoginAsync($"burst{i}", TestIdentities.First, presence: false);
            }

            // While the one worker is held, one login is being checked and one waits: the other three are refused now.
            var answers = clients.ToDictionary(c => c, c => c.ReceiveAsync());
            var refused = new List<Error>();
            while (refused.Count < 3)
            {
                var answered = await Task.WhenAny(answers.Values);
                var client = answers.Single(a => a.Value == answered).Key;
                answers.Remove(client);
                var frame = await answered;
                Assert.True(frame.BodyCase == ServerFrame.BodyOneofCase.Error, $"expected SERVER_BUSY while the worker is held, got {frame}");
                refused.Add(frame.Error);
                await client.ExpectClosedAsync();
            }

            Assert.All(refused, error =>
            {
                Assert.Equal(ErrorCode.ServerBusy, error.Code);
                Assert.True(error.Fatal);
                Assert.Equal("login verification queue is full, try again shortly", error.Message);
            });

            // Each refusal is logged before it is sent; a flood of them must not flood the log at Information.
            Assert.DoesNotContain(log.Lines, line => line.Contains("ServerBusy", StringComparison.Ordinal));

            gate.SetResult();
            foreach (var (_, answer) in answers)
            {
                Assert.Equal(ServerFrame.BodyOneofCase.LoginAccepted, (await answer).BodyCase);
            }

            await using var later = await RawClient.LoginAsync(server.Endpoint, "later", TestIdentities.First);
            await later.ExpectNothingPendingAsync();
        }
        finally
        {
            gate.TrySetResult();
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task With_a_queue_of_0_only_as_many_logins_as_workers_are_checked_at_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(o => o with
        {
            LoginVerificationWorkers = 2,
            LoginVerificationQueue = 0,
        },
        s => s.AddSingleton(new LoginVerificationGate(gate.Task)));
        await using var first = await RawClient.ConnectAsync(server.Endpoint);
        await using var second = await RawClient.ConnectAsync(server.Endpoint);
        await using var third = await RawClient.ConnectAsync(server.Endpoint);
        foreach (var (client, name) in new[] { (first, "one"), (second, "two") })
        {
            await client.HelloAsync();
            await client.SendLoginAsync(name, TestIdentities.First, presence: false);
        }

        await third.HelloAsync();
        await third.SendLoginAsync("three", TestIdentities.First, presence: false);

        // Which two of the three got a worker depends on arrival, so the test only counts.
        var answers = new[] { first.ReceiveAsync(), second.ReceiveAsync(), third.ReceiveAsync() };
        var refusal = await await Task.WhenAny(answers);
        Assert.Equal(ErrorCode.ServerBusy, refusal.Error?.Code);
        gate.SetResult();
        var frames = await Task.WhenAll(answers);
        Assert.Equal(2, frames.Count(f => f.BodyCase == ServerFrame.BodyOneofCase.LoginAccepted));
        Assert.Equal(1, frames.Count(f => f.Error?.Code == ErrorCode.ServerBusy));
    }

    [Fact]
    public async Task Logins_whose_connections_closed_while_queued_are_never_checked_or_registered()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(o => o with
        {
            LoginVerificationWorkers = 1,
            LoginVerificationQueue = 2,
        },
        s => s.AddSingleton(new LoginVerificationGate(gate.Task)));
        var names = new[] { "gone0", "gone1", "gone2" };
        try
        {
            // One login waits at the held worker, two in the queue: the pool is full. Then each client
            // stops sending (a FIN) and keeps reading, so it sees the server give up the login.
            foreach (var name in names)
            {
                await using var client = await RawClient.ConnectAsync(server.Endpoint);
                await client.HelloAsync();
                await client.SendLoginAsync(name, TestIdentities.First, presence: false);
                client.ShutdownSend();
                await client.ExpectClosedAsync();
            }

            gate.SetResult();
            await using var later = await RawClient.ConnectAsync(server.Endpoint);
            var accepted = await later.LoginAsync("later", TestIdentities.First);
            Assert.True(accepted.NewlyRegistered);

            // Another key gets each name as new: none of the closed logins registered it.
            foreach (var name in names)
            {
                await using var other = await RawClient.ConnectAsync(server.Endpoint);
                Assert.True((await other.LoginAsync(name, TestIdentities.Second)).NewlyRegistered, $"'{name}' was registered");
            }
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    [Fact]
    public async Task A_login_that_times_out_while_queued_gets_login_timeout_and_registers_nothing()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(o => o with
        {
            LoginTimeout = TimeSpan.FromSeconds(2),
            LoginVerificationWorkers = 1,
            LoginVerificationQueue = 1,
        },
        s => s.AddSingleton(new LoginVerificationGate(gate.Task)));
        try
        {
            await using (var late = await RawClient.ConnectAsync(server.Endpoint))
            {
                await late.HelloAsync();
                await late.SendLoginAsync("late", TestIdentities.First, presence: false);
                await late.ExpectFatalErrorAndCloseAsync(ErrorCode.LoginTimeout);
            }

            gate.SetResult();
            await using var other = await RawClient.ConnectAsync(server.Endpoint);
            Assert.True((await other.LoginAsync("late", TestIdentities.Second)).NewlyRegistered);
        }
        finally
        {
            gate.TrySetResult();
        }
    }
}
