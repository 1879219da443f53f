using Parley.Server.Connections;
using Parley.Server.Registry;

namespace Parley.Server.Presence;

/// <summary>A name with at least one live connection.</summary>
internal sealed class OnlineName(RegisteredName registration)
{
    private ClientSession[] _sessions = [];

    public RegisteredName Registration { get; } = registration;

    /// <summary>A snapshot: replaced (never mutated) under the roster's lock, read without one.</summary>
    public ClientSession[] Sessions
    {
        get => Volatile.Read(ref _sessions);
        set => Volatile.Write(ref _sessions, value);
    }
}
