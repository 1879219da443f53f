namespace Parley.Client;

/// <summary>Something that happened on a connection; read them from <see cref="ParleyClient.Events"/>.</summary>
public abstract record ClientEvent;
