namespace Parley.Server.Authentication;

/// <summary>
/// A test hook, registered only by tests: every login worker waits for <see cref="Opened"/> before each
/// check, so a test decides by count, not by timing, which logins are being checked.
/// </summary>
internal sealed class LoginVerificationGate(Task opened)
{
    public Task Opened { get; } = opened;
}
