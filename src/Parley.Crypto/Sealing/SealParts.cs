namespace Parley.Crypto;

/// <summary>
/// What makes each sealed message unique: the AES key, nonce and message id, and the two randomized
/// RSA operations (OAEP wrapping, PSS signing). Normally all random; fixed only to make test vectors.
/// </summary>
/// <param name="ContentKey">The 32-byte AES-256-GCM key.</param>
/// <param name="Nonce">The 12-byte AES-GCM nonce.</param>
/// <param name="MessageId">The 16-byte message id.</param>
/// <param name="WrapKey">Wraps the content key for the recipient (RSA-OAEP-SHA256).</param>
/// <param name="Sign">Signs the seal transcript as the sender (RSA-PSS-SHA256).</param>
internal sealed record SealParts(
    byte[] ContentKey,
    byte[] Nonce,
    byte[] MessageId,
    Func<byte[], byte[]> WrapKey,
    Func<byte[], byte[]> Sign);
