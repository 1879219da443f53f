using Parley.Crypto;
using Parley.Crypto.Sessions;

namespace Parley.Client.Storage;

/// <summary>The agreement's view of the keys in sessions.db, read within one transaction and only as asked for.</summary>
internal sealed class StoredSessionKeys(SessionStoreTransaction transaction, Identity owner) : ILocalSessionKeys, IDisposable
{
    private readonly List<P256KeyPair> _loaded = [];
    private P256KeyPair? _identityAgreementKey;
    private SignedPublicKey? _signedIdentityAgreementKey;

    public byte[] OwnerKeyId => owner.PublicKey.KeyId;

    public P256KeyPair IdentityAgreementKey
    {
        get
        {
            LoadIdentityAgreementKey();
            return _identityAgreementKey!;
        }
    }

    public SignedPublicKey SignedIdentityAgreementKey
    {
        get
        {
            LoadIdentityAgreementKey();
            return _signedIdentityAgreementKey!;
        }
    }

    public P256KeyPair? FindSignedPrekey(uint id) => FindP256("SELECT private FROM signed_prekeys WHERE id = $id;", id);

    public P256KeyPair? FindOneTimePrekey(uint id) => FindP256("SELECT private FROM one_time_prekeys WHERE id = $id;", id);

    public MlKem768? FindPostQuantumPrekey(uint id)
    {
        using var command = transaction.Command("SELECT seed FROM pq_prekeys WHERE id = $id;");
        command.Parameters.AddWithValue("$id", (long)id);
        return command.ExecuteScalar() is byte[] seed ? MlKem768.FromSeed(seed) : null;
    }

    public void Dispose()
    {
        _loaded.ForEach(k => k.Dispose());
        _loaded.Clear();
    }

    private P256KeyPair? FindP256(string sql, uint id)
    {
        using var command = transaction.Command(sql);
        command.Parameters.AddWithValue("$id", (long)id);
        if (command.ExecuteScalar() is not byte[] scalar)
        {
            return null;
        }

        var key = P256KeyPair.FromPrivate(scalar);
        _loaded.Add(key);
        return key;
    }

    private void LoadIdentityAgreementKey()
    {
        if (_identityAgreementKey is not null)
        {
            return;
        }

        using var command = transaction.Command("SELECT private, public, signature, created_at FROM identity_agreement_key WHERE id = 0;");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException("the session store has no identity agreement key (it is made when the store opens)");
        }

        var key = P256KeyPair.FromPrivate((byte[])reader[0]);
        _loaded.Add(key);
        _signedIdentityAgreementKey = new SignedPublicKey(PrekeyKind.IdentityAgreement, 0, reader.GetInt64(3), (byte[])reader[1], (byte[])reader[2]);
        _identityAgreementKey = key;
    }
}
