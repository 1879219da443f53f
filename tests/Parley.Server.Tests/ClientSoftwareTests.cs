using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

/// <summary>Hello.client_software is only logged: docs/protocol.md §3.1 says what a long or odd one becomes.</summary>
public sealed class ClientSoftwareTests
{
    [Fact]
    public async Task A_client_software_over_64_bytes_is_accepted_and_logged_as_its_first_64_characters_in_printable_ascii()
    {
        var log = new RecordingLogProvider();
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log));
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        await client.HelloAsync(clientSoftware: "bad\u001b]0;t\u0007/" + new string('x', 100) + "é");
        await client.SendLoginAsync("alice", TestIdentities.First, presence: false);
        var answer = await client.ReceiveAsync();

        // The login is logged before the next frame is read: after the pong, the line is there.
        await client.SendAsync(new ClientFrame { Ping = new Ping { Nonce = 1 } });
        await client.ExpectAsync(ServerFrame.BodyOneofCase.Pong);
        Assert.Equal(ServerFrame.BodyOneofCase.LoginAccepted, answer.BodyCase);
        Assert.Equal("bad?]0;t?/" + new string('x', 54), log.PropertiesOf("alice logged in")["ClientSoftware"]);
    }
}
