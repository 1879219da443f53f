namespace Parley.Server.Sessions;

internal enum SessionState
{
    AwaitingHello,
    AwaitingLogin,
    LoggedIn,
}
