namespace Parley.Crypto;

/// <summary>Bytes that are not an acceptable Parley key.</summary>
public sealed class InvalidKeyException(string message) : Exception(message);
