namespace Parley.Server.Connections;

internal enum SessionState
{
    AwaitingHello,
    AwaitingLogin,
    LoggedIn,
}
