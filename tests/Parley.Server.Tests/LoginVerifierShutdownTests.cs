using Parley.Crypto;
using Parley.Server.Authentication;

namespace Parley.Server.Tests;

/// <summary>
/// Once the verifier stops, its refusals say so (the login then gets SERVER_SHUTTING_DOWN, not SERVER_BUSY),
/// and a login still waiting is told at once instead of being left waiting.
/// </summary>
public sealed class LoginVerifierShutdownTests
{
    [Fact]
    public async Task A_stopped_verifier_refuses_as_stopping_and_drops_what_waited()
    {
        var gate = new TaskCompletionSource();
        using var key = PeerKey.FromSpki(TestIdentities.First.PublicKey.Spki);
        var verifier = new LoginVerifier(new ParleyServerOptions
        {
            LoginVerificationWorkers = 1,
            LoginVerificationQueue = 1,
        },
        new LoginVerificationGate(gate.Task));
        var held = verifier.TryVerify(key, [1], new byte[384], CancellationToken.None);
        var waiting = verifier.TryVerify(key, [2], new byte[384], CancellationToken.None);
        Assert.NotNull(held);
        Assert.NotNull(waiting);
        Assert.Null(verifier.TryVerify(key, [3], new byte[384], CancellationToken.None));
        Assert.False(verifier.IsStopping, "a full queue is not a stopping server");

        await verifier.DisposeAsync();

        Assert.True(verifier.IsStopping);
        Assert.Null(verifier.TryVerify(key, [4], new byte[384], CancellationToken.None));
        Assert.True(held.IsCanceled);
        Assert.True(waiting.IsCanceled);
    }
}
