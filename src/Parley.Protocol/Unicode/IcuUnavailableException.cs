namespace Parley.Protocol.Unicode;

/// <summary>No usable ICU library (libicu) was found: names cannot be compared without it.</summary>
public sealed class IcuUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
