using Parley.Server.Registry;
using Parley.Server.Sessions;

namespace Parley.Server.Presence;

/// <summary>A name with at least one live connection.</summary>
internal sealed class OnlineName(RegisteredName registration)
{
    private ClientSession[] _sessions = [];

    public RegisteredName Registration { get; } = registration;

    /// <summary>This node's sessions of the name. A snapshot: replaced (never mutated) under the roster's lock, read without one.</summary>
    public ClientSession[] Sessions
    {
        get => Volatile.Read(ref _sessions);
        set => Volatile.Write(ref _sessions, value);
    }
}
