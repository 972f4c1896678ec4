using System.Security.Cryptography;
using System.Text;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Senders;

/// <summary>
/// Encrypts sender credentials at rest with AES-256-GCM. The key comes from <c>Herald:Secrets:Key</c> (base64 of 32
/// bytes); without it, a random key is created once in the data directory (<c>secrets.key</c>, owner-only) so that a
/// fresh install is encrypted too. The sender id is bound as associated data: a ciphertext copied to another sender
/// does not decrypt.
/// </summary>
public sealed class CredentialVault
{
    private const string Version = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public CredentialVault(IOptions<HeraldOptions> options, IOptions<StorageOptions> storage)
    {
        _key = LoadKey(options.Value.Secrets.Key, storage.Value.DataDirectory);
    }

    public string Protect(string senderId, string plaintext)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + data.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(_key, TagSize);
        gcm.Encrypt(nonce, data, output.AsSpan(NonceSize, data.Length), output.AsSpan(NonceSize + data.Length), Encoding.UTF8.GetBytes(senderId));
        return Version + Convert.ToBase64String(output);
    }

    /// <summary>The plaintext, or null when the value was made with another key or for another sender.</summary>
    public string? Unprotect(string senderId, string protectedValue)
    {
        if (!protectedValue.StartsWith(Version, StringComparison.Ordinal))
        {
            return null;
        }
        byte[] input;
        try
        {
            input = Convert.FromBase64String(protectedValue[Version.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
        if (input.Length < NonceSize + TagSize)
        {
            return null;
        }
        var length = input.Length - NonceSize - TagSize;
        var plain = new byte[length];
        try
        {
            using var gcm = new AesGcm(_key, TagSize);
            gcm.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize, length), input.AsSpan(NonceSize + length), plain,
                Encoding.UTF8.GetBytes(senderId));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] LoadKey(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Decode(configured, "Herald:Secrets:Key");
        }
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "secrets.key");
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path).Trim(), path);
        }
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var f = new FileStream(temp, fileOptions))
        {
            f.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            f.Flush(true);
        }
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another process created it first: use theirs
            return Decode(File.ReadAllText(path).Trim(), path);
        }
        return key;
    }

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            if (key.Length == 32)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }
        throw new InvalidOperationException($"{source} must be the base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`).");
    }
}
