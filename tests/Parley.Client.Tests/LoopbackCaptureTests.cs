using System.Text;
using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>Proof: what an eavesdropper on the wire records between a real client and the real server is TLS, nothing readable.</summary>
public sealed class LoopbackCaptureTests
{
    [Fact]
    public async Task A_capture_of_login_send_lookup_and_video_list_holds_no_name_key_or_frame_header_in_clear()
    {
        await using var bed = await TestBed.StartAsync();
        await using var capture = new RecordingProxy(bed.Server.Port);
        const string Alice = "alicecapture";
        const string Bob = "bobcapture";
        var bob = await bed.ConnectAsync(Bob, server: capture.Address);
        var alice = await bed.ConnectAsync(Alice, server: capture.Address);
        var secret = "capture " + Guid.NewGuid().ToString("N");

        Assert.True((await alice.SendTextAsync(Bob, secret)).Delivered);
        Assert.Equal(secret, (await bob.NextMessageAsync(secret)).Message.Text);
        Assert.NotNull(await alice.LookupAsync(Bob));
        await alice.ListVideosAsync();
        await alice.PingAsync();

        var recorded = capture.ClientToServer().Concat(capture.ServerToClient()).ToList();
        Assert.Equal(4, recorded.Count);
        Assert.All(recorded, bytes => Assert.True(bytes.Length > 0));
        string[] clear = [Alice, Bob, secret, "PRLY", "parley-client", "parley/0.1", "SHA256:"]; // PRLY and software names: frame headers of hello and welcome
        byte[][] keys = [bed.KeyOf(Alice).PublicKey.Spki, bed.KeyOf(Bob).PublicKey.Spki];
        foreach (var bytes in recorded)
        {
            foreach (var text in clear)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) < 0, $"'{text}' crossed the wire in clear");
            }

            foreach (var key in keys)
            {
                // Any 16 bytes of a public key would do to recognise it; none may appear.
                Assert.True(bytes.AsSpan().IndexOf(key.AsSpan(key.Length - 16)) < 0, "a public key crossed the wire in clear");
            }

            Assert.Equal(0x16, bytes[0]); // a TLS handshake record starts every connection, both ways
        }
    }
}
