using System.Numerics;

namespace UcStack.Srtp;

/// <summary>
/// What an <see cref="SrtpContext"/> needs to know for one direction of a session (RFC 3711 §3.2.1): the suite, one or
/// more master keys selectable by MKI, the replay window, the key derivation rate and how many SSRCs to track.
/// The policy owns its master keys: disposing it zeroes them. A context copies what it needs, so the policy may be
/// disposed once the contexts are built.
/// </summary>
public sealed class SrtpPolicy : IDisposable
{
    /// <summary>Default replay window, in packets (RFC 3711 §3.3.2 asks for at least 64).</summary>
    public const int DefaultReplayWindowSize = 128;

    /// <summary>Smallest replay window accepted (RFC 3711 §3.3.2: "a minimum size of 64 is RECOMMENDED").</summary>
    public const int MinReplayWindowSize = 64;

    /// <summary>Largest replay window accepted.</summary>
    public const int MaxReplayWindowSize = 32768;

    /// <summary>Default bound on the number of SSRCs one context tracks.</summary>
    public const int DefaultMaxSsrcCount = 64;

    /// <summary>Largest number of master keys one policy may hold.</summary>
    public const int MaxMasterKeys = 16;

    private readonly SrtpMasterKey[] _masterKeys;
    private readonly System.Collections.ObjectModel.ReadOnlyCollection<SrtpMasterKey> _masterKeysView;
    private readonly int _replayWindowSize = DefaultReplayWindowSize;
    private readonly ulong _keyDerivationRate;
    private readonly int _maxSsrcCount = DefaultMaxSsrcCount;

    /// <summary>Creates a policy. The policy takes ownership of <paramref name="masterKeys"/>.</summary>
    /// <param name="suite">The crypto suite.</param>
    /// <param name="masterKeys">
    /// One or more master keys. The first is used to protect; when it reaches its lifetime the next one takes over.
    /// With more than one key, every key needs an MKI, all of the same length and all different (RFC 4568 §6.1).
    /// </param>
    /// <exception cref="ArgumentNullException">An argument or a key is null.</exception>
    /// <exception cref="ArgumentException">
    /// No keys, too many keys, a key or salt length that does not match the suite (expected and actual are in the
    /// message), MKIs of different lengths, a duplicate MKI, or several keys without MKI.
    /// </exception>
    public SrtpPolicy(SrtpSuite suite, params IReadOnlyList<SrtpMasterKey> masterKeys)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(masterKeys);
        if (masterKeys.Count == 0)
        {
            throw new ArgumentException("At least one master key is required.", nameof(masterKeys));
        }

        if (masterKeys.Count > MaxMasterKeys)
        {
            throw new ArgumentException($"{masterKeys.Count} master keys given; at most {MaxMasterKeys} are supported.", nameof(masterKeys));
        }

        var keys = new SrtpMasterKey[masterKeys.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = masterKeys[i] ?? throw new ArgumentNullException(nameof(masterKeys), $"Master key {i} is null.");
            if (key.KeyLength != suite.MasterKeyLength || key.SaltLength != suite.MasterSaltLength)
            {
                throw new ArgumentException(
                    $"Master key {i} has a {key.KeyLength}-octet key and {key.SaltLength}-octet salt; {suite.Name} needs {suite.MasterKeyLength} and {suite.MasterSaltLength}.",
                    nameof(masterKeys));
            }

            if (i > 0 && key.Mki.Length != keys[0].Mki.Length)
            {
                throw new ArgumentException($"Master key {i} has a {key.Mki.Length}-octet MKI; master key 0 has {keys[0].Mki.Length}. RFC 4568 §6.1: all MKIs have the same length.", nameof(masterKeys));
            }

            for (var j = 0; j < i; j++)
            {
                if (key.Mki.SequenceEqual(keys[j].Mki))
                {
                    throw new ArgumentException(
                        keys[j].Mki.IsEmpty
                            ? "Several master keys need an MKI each to tell them apart (RFC 3711 §3.1)."
                            : $"Master keys {j} and {i} have the same MKI.",
                        nameof(masterKeys));
                }
            }

            keys[i] = key;
        }

        Suite = suite;
        _masterKeys = keys;
        _masterKeysView = Array.AsReadOnly(keys);
        MkiLength = keys[0].Mki.Length;
    }

    /// <summary>The crypto suite.</summary>
    public SrtpSuite Suite { get; }

    /// <summary>The master keys, in the order they are used for protecting.</summary>
    public IReadOnlyList<SrtpMasterKey> MasterKeys => _masterKeysView;

    /// <summary>Length of the MKI field in every packet, 0 to 4 octets (0: no MKI).</summary>
    public int MkiLength { get; }

    /// <summary>Replay window size in packets (RFC 3711 §3.3.2), 64 to 32768; default 128.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 64 to 32768.</exception>
    public int ReplayWindowSize
    {
        get => _replayWindowSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinReplayWindowSize);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxReplayWindowSize);
            _replayWindowSize = value;
        }
    }

    /// <summary>
    /// Key derivation rate (RFC 3711 §4.3.1): 0 derives session keys once; otherwise a power of two up to 2^24, and
    /// session keys are derived again each time the packet index crosses a multiple of it. Default 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is neither 0 nor a power of two up to 2^24.</exception>
    public ulong KeyDerivationRate
    {
        get => _keyDerivationRate;
        init
        {
            // RFC 3711 §4.3.1: "key_derivation_rate ... MUST be zero or a power of 2 ... in the range 2^0 .. 2^24".
            if (value != 0 && (!BitOperations.IsPow2(value) || value > (1UL << 24)))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The key derivation rate must be 0 or a power of two up to 2^24 (RFC 3711 §4.3.1).");
            }

            _keyDerivationRate = value;
        }
    }

    /// <summary>Most SSRCs one context tracks (1 to 65536); packets from further SSRCs get <see cref="SrtpStatus.SsrcLimitReached"/>. Default 64.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1 to 65536.</exception>
    public int MaxSsrcCount
    {
        get => _maxSsrcCount;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65536);
            _maxSsrcCount = value;
        }
    }

    /// <summary>
    /// Whether SRTP payloads are encrypted (default true). False is RFC 4568's UNENCRYPTED_SRTP: packets are only
    /// authenticated (for GCM, RFC 7714 §16.1.3: the whole packet is AAD). Both ends must agree.
    /// </summary>
    public bool EncryptRtp { get; init; } = true;

    /// <summary>
    /// Whether SRTCP packets are sent encrypted (default true; RFC 4568's UNENCRYPTED_SRTCP when false). Sent
    /// packets carry E = 0 when false; received packets are handled according to their own E flag (RFC 3711 §3.4).
    /// </summary>
    public bool EncryptRtcp { get; init; } = true;

    /// <summary>
    /// Builds a policy from SDES key parameters (RFC 4568 §6.1 and §9.2):
    /// <c>inline:BASE64[|lifetime][|MKI:length]</c>, several separated by <c>;</c>.
    /// BASE64 decodes to the master key followed by the master salt; lifetime is decimal or <c>2^n</c>.
    /// </summary>
    /// <param name="suite">The suite named on the same <c>a=crypto</c> line.</param>
    /// <param name="keyParams">The key-params field, e.g. <c>inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31|1:1</c>.</param>
    /// <returns>
    /// A policy with the default window, key derivation rate and SSRC bound. For other settings write
    /// <c>new SrtpPolicy(suite, SrtpMasterKey.ParseSdesInline(suite, keyParams)) { ReplayWindowSize = 256 }</c>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SdesKeyParamsException">The key parameters are malformed; the exception says what and where.</exception>
    public static SrtpPolicy FromSdesInline(SrtpSuite suite, string keyParams)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(keyParams);
        return new SrtpPolicy(suite, SdesKeyParamsParser.Parse(suite, keyParams));
    }

    internal SrtpMasterKey GetMasterKey(int index) => _masterKeys[index];

    internal int MasterKeyCount => _masterKeys.Length;

    /// <summary>Zeroes every master key.</summary>
    public void Dispose()
    {
        foreach (var key in _masterKeys)
        {
            key.Dispose();
        }
    }
}
