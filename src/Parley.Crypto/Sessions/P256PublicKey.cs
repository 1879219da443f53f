using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;

namespace Parley.Crypto.Sessions;

/// <summary>
/// Someone's P-256 agreement public key, checked to be a point on the curve. It travels as a SEC1
/// compressed point (33 bytes: 0x02 or 0x03, then X); .NET imports only X and Y, so BouncyCastle
/// recovers Y and .NET's import then checks the point again.
/// </summary>
public sealed class P256PublicKey : IDisposable
{
    public const int EncodedBytes = 33;

    private static readonly X9ECParameters s_curve = ECNamedCurveTable.GetByName("P-256");

    private P256PublicKey(ECDiffieHellman key, byte[] encoded)
    {
        Key = key;
        Encoded = encoded;
    }

    /// <summary>The compressed point: the only form Parley writes or reads.</summary>
    public byte[] Encoded { get; }

    internal ECDiffieHellman Key { get; }

    /// <exception cref="SessionRejectedException">Not 33 bytes, or not a point on P-256 (<see cref="SessionRejection.InvalidKey"/>).</exception>
    public static P256PublicKey Import(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length != EncodedBytes || compressed[0] is not (0x02 or 0x03))
        {
            throw new SessionRejectedException(SessionRejection.InvalidKey, $"a P-256 public key is a {EncodedBytes}-byte compressed point");
        }

        ECParameters parameters;
        try
        {
            var point = s_curve.Curve.DecodePoint(compressed.ToArray()).Normalize();
            parameters = new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint
                {
                    X = point.AffineXCoord.GetEncoded(),
                    Y = point.AffineYCoord.GetEncoded(),
                },
            };
        }
        catch (ArgumentException ex)
        {
            throw new SessionRejectedException(SessionRejection.InvalidKey, "not a point on P-256: " + ex.Message);
        }

        var key = ECDiffieHellman.Create();
        try
        {
            // OpenSSL checks the point again on import (on the curve, not the identity).
            key.ImportParameters(parameters);
            return new P256PublicKey(key, compressed.ToArray());
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new SessionRejectedException(SessionRejection.InvalidKey, "not a point on P-256: " + ex.Message);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    internal static byte[] Compress(ECPoint q)
    {
        var encoded = new byte[EncodedBytes];
        encoded[0] = (byte)(0x02 | (q.Y![^1] & 1));
        q.X!.CopyTo(encoded, 1);
        return encoded;
    }

    public bool SameKeyAs(P256PublicKey other) => CryptographicOperations.FixedTimeEquals(Encoded, other.Encoded);

    public void Dispose() => Key.Dispose();
}
