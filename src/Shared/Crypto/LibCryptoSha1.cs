using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace UcStack.Crypto;

/// <summary>
/// SHA1_Init/SHA1_Update from the system's OpenSSL libcrypto, resolved once per process with
/// <see cref="NativeLibrary"/> into unmanaged function pointers. OpenSSL uses SHA-NI (or its tuned
/// assembly) inside, which makes HMAC-SHA1 about three times faster than managed SHA-1 (perf-notes.md).
/// The table is only handed out after a self-test against the platform SHA-1 passes, because the HMACs
/// built on it rely on SHA_CTX starting with h0..h4 as native 32-bit words.
/// Shared source: compiled into each assembly that needs it (Srtp, Stun), so neither depends on the other.
/// </summary>
internal sealed unsafe class LibCryptoSha1
{
    /// <summary>Bytes reserved per SHA_CTX. OpenSSL 1.1 and 3.x use 96 (h0..h4, Nl, Nh, data[16], num).</summary>
    public const int ContextSlotLength = 128;

    /// <summary>Bytes of SHA_CTX copied when cloning a precomputed state.</summary>
    public const int ContextLength = 96;

    /// <summary>
    /// Makes <paramref name="work"/> a copy of the precomputed context <paramref name="state"/> in the fields
    /// SHA1_Update reads when no bytes are buffered: h0..h4, Nl/Nh and num (the data buffer is unused). h0..h3 go
    /// in one 16-byte store because libcrypto loads them with one 16-byte load right away; a load that has to be
    /// assembled from several narrower recent stores (a 96-byte copy) stalls, measured here at more than a
    /// SHA-1 block's cost.
    /// </summary>
    public static void CopyState(byte* work, byte* state)
    {
        Vector128.Load(state).Store(work);
        *(uint*)(work + 16) = *(uint*)(state + 16);
        *(ulong*)(work + 20) = *(ulong*)(state + 20);
        *(uint*)(work + NumOffset) = 0;
    }

    /// <summary>
    /// Writes the finished digest held in <paramref name="context"/> (h0..h4, host order) big-endian at the start of
    /// an outer HMAC block, followed by the 0x80 padding octet, as two 16-byte stores so that libcrypto's 16-byte
    /// loads of the block are each served by one store. Octets 24..63 of the block (zeros and the bit length) are
    /// the caller's, written once in advance.
    /// </summary>
    public static void WriteDigestBlockStart(byte* context, byte* block)
    {
        var swap = Vector128.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
        Vector128.Shuffle(Vector128.Load(context), swap).Store(block);
        Vector128.Create(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(*(uint*)(context + 16)), 0x80u, 0u, 0u)
            .AsByte().Store(block + 16);
    }

    /// <summary>Offset of <c>num</c> (octets buffered in <c>data</c>) in SHA_CTX: after h0..h4, Nl, Nh and data[16].</summary>
    public const int NumOffset = 92;

    private static readonly string[] LinuxNames = ["libcrypto.so.3", "libcrypto.so.1.1"];

    // Only versioned names: macOS aborts a process that loads the unversioned system libcrypto.
    private static readonly string[] MacNames =
    [
        "libcrypto.3.dylib",
        "/opt/homebrew/opt/openssl@3/lib/libcrypto.3.dylib",
        "/usr/local/opt/openssl@3/lib/libcrypto.3.dylib",
        "libcrypto.1.1.dylib",
    ];

    private static readonly Lazy<LibCryptoProbe> Probe = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private LibCryptoSha1(string libraryName, string version, nint init, nint update)
    {
        LibraryName = libraryName;
        Version = version;
        Init = (delegate* unmanaged<byte*, int>)init;
        Update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update;
    }

    /// <summary>The usable table, or null when libcrypto is missing or failed the self-test.</summary>
    public static LibCryptoSha1? Instance => Probe.Value.Table;

    /// <summary>Why the table is or is not available (for diagnostics and benchmark reports).</summary>
    public static string Status => Probe.Value.Status;

    /// <summary>The library file name that was loaded.</summary>
    public string LibraryName { get; }

    /// <summary>OpenSSL's version string.</summary>
    public string Version { get; }

    /// <summary><c>int SHA1_Init(SHA_CTX *c)</c>.</summary>
    public delegate* unmanaged<byte*, int> Init { get; }

    /// <summary><c>int SHA1_Update(SHA_CTX *c, const void *data, size_t len)</c>. Called without a GC transition:
    /// it neither blocks nor calls back, and hashes a few blocks (a packet or a STUN message) in well under a
    /// microsecond, so the transition's bookkeeping would be a visible share of the per-packet cost.</summary>
    public delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> Update { get; }

    private static LibCryptoProbe Load()
    {
        string[] names = OperatingSystem.IsLinux() ? LinuxNames : OperatingSystem.IsMacOS() ? MacNames : [];
        if (names.Length == 0)
        {
            return new LibCryptoProbe(null, "managed SHA-1: libcrypto is only looked for on Linux and macOS");
        }

        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                continue;
            }

            if (!NativeLibrary.TryGetExport(handle, "SHA1_Init", out var init) ||
                !NativeLibrary.TryGetExport(handle, "SHA1_Update", out var update))
            {
                continue;
            }

            var version = NativeLibrary.TryGetExport(handle, "OpenSSL_version", out var versionExport)
                ? Marshal.PtrToStringUTF8(((delegate* unmanaged<int, nint>)versionExport)(0)) ?? "unknown version"
                : "unknown version";
            var table = new LibCryptoSha1(name, version, init, update);
            if (!SelfTest(table))
            {
                return new LibCryptoProbe(null, $"managed SHA-1: {name} ({version}) failed the HMAC-SHA1 self-test");
            }

            // The handle stays loaded for the life of the process: the function pointers point into it.
            return new LibCryptoProbe(table, $"libcrypto SHA1_Update ({name}, {version})");
        }

        return new LibCryptoProbe(null, "managed SHA-1: no usable libcrypto found");
    }

    // Hashes inputs that cross every padding edge with SHA1_Update, padding them ourselves, and compares h0..h4
    // (read from the start of the context, which is what every user of this table relies on) with the
    // platform's SHA-1.
    private static bool SelfTest(LibCryptoSha1 table)
    {
        try
        {
            var data = new byte[300 + 2 * Sha1Managed.BlockLength];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (byte)(i * 7);
            }

            var context = stackalloc byte[ContextSlotLength];
            Span<byte> expected = stackalloc byte[Sha1Managed.DigestLength];
            Span<byte> actual = stackalloc byte[Sha1Managed.DigestLength];
            foreach (var length in (ReadOnlySpan<int>)[0, 1, 4, 51, 52, 55, 56, 59, 60, 63, 64, 65, 119, 120, 128, 172, 300])
            {
#pragma warning disable CA5350 // SHA-1 is the algorithm under test; the platform's is the independent reference.
                SHA1.HashData(data.AsSpan(0, length), expected);
#pragma warning restore CA5350
                var padded = new byte[length + Sha1Managed.PaddingLength(length)];
                data.AsSpan(0, length).CopyTo(padded);
                Sha1Managed.WritePadding(padded.AsSpan(length), (ulong)length * 8);
                if (table.Init(context) != 1)
                {
                    return false;
                }

                fixed (byte* p = padded)
                {
                    if (table.Update(context, p, (nuint)padded.Length) != 1)
                    {
                        return false;
                    }
                }

                Sha1Managed.WriteDigest(new ReadOnlySpan<uint>(context, Sha1Managed.StateWords), actual);
                if (!expected.SequenceEqual(actual))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or PlatformNotSupportedException)
        {
            // The platform SHA-1 (the reference) refused: use the managed path, never fail.
            return false;
        }
    }

    private sealed record LibCryptoProbe(LibCryptoSha1? Table, string Status);
}
