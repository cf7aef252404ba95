using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;

namespace UcStack.Psom;

/// <summary>
/// The default store: one file per conference in a directory, replaced atomically on every save. A save
/// writes a temporary file in the same directory, flushes it to disk, then renames it over the old file,
/// so a crash leaves either the previous or the new state, never a torn one. File layout:
/// <c>"PSOM" | u8 format(=1) | u32 length | CBOR state | SHA-256 of everything before it</c>.
/// </summary>
public sealed class PsomFileObjectStore : IPsomObjectStore
{
    private const byte FileFormat = 1;
    private static ReadOnlySpan<byte> Magic => "PSOM"u8;

    private readonly string _directory;

    /// <summary>Creates a store in <paramref name="directory"/> (created if missing).</summary>
    /// <param name="directory">Where conference files go.</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public PsomFileObjectStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    /// <summary>The file that holds a conference (named by a hash, so any conference id is a safe name).</summary>
    /// <param name="conferenceId">The conference.</param>
    /// <returns>The path.</returns>
    public string PathFor(string conferenceId)
    {
        ArgumentNullException.ThrowIfNull(conferenceId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(conferenceId));
        return Path.Combine(_directory, Convert.ToHexStringLower(hash.AsSpan(0, 16)) + ".psom");
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The file exists but is corrupt or of an unknown format.</exception>
    public async ValueTask<PsomStoredState?> LoadAsync(string conferenceId, CancellationToken cancellationToken = default)
    {
        var path = PathFor(conferenceId);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Decode(bytes, path);
    }

    /// <inheritdoc/>
    public async ValueTask SaveAsync(string conferenceId, PsomStoredState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var path = PathFor(conferenceId);
        var bytes = Encode(state);
        var temp = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".tmp";
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);

                // Durable before visible: the data reaches the disk before the rename publishes it.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    internal static byte[] Encode(PsomStoredState state)
    {
        var writer = PsomFrameCodec.CreateWriter();
        writer.WriteStartMap(3);
        writer.WriteInt32(0);
        writer.WriteInt64(state.TreeVersion);
        writer.WriteInt32(1);
        writer.WriteInt64(state.NextId);
        writer.WriteInt32(2);
        writer.WriteStartArray(state.Objects.Length);
        foreach (var value in state.Objects)
        {
            PsomPayloadWriter.WriteObject(writer, value);
        }

        writer.WriteEndArray();
        writer.WriteEndMap();

        var bytes = new byte[Magic.Length + 1 + 4 + writer.BytesWritten + 32];
        Magic.CopyTo(bytes);
        bytes[4] = FileFormat;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), (uint)writer.BytesWritten);
        writer.Encode(bytes.AsSpan(9));
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
        return bytes;
    }

    internal static PsomStoredState Decode(byte[] bytes, string path)
    {
        if (bytes.Length < 9 + 32 || !bytes.AsSpan(0, 4).SequenceEqual(Magic) || bytes[4] != FileFormat)
        {
            throw new InvalidDataException($"'{path}' is not a Psom store file of format {FileFormat}.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), hash);
        if (length != bytes.Length - 9 - 32 || !hash.SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
        {
            throw new InvalidDataException($"'{path}' is corrupt (length or checksum mismatch).");
        }

        try
        {
            var reader = new CborReader(bytes.AsMemory(9, (int)length), CborConformanceMode.Canonical);
            long? tree = null, next = null;
            var objects = new List<PsomObject>();
            var count = reader.ReadStartMap();
            for (var i = 0; i < count; i++)
            {
                switch (reader.ReadUInt32())
                {
                    case 0: tree = reader.ReadInt64(); break;
                    case 1: next = reader.ReadInt64(); break;
                    case 2:
                        var n = reader.ReadStartArray();
                        for (var j = 0; j < n; j++)
                        {
                            objects.Add(PsomPayloadReader.ReadObject(reader));
                        }

                        reader.ReadEndArray();
                        break;
                    default: reader.SkipValue(); break;
                }
            }

            reader.ReadEndMap();
            return new PsomStoredState
            {
                TreeVersion = tree ?? throw new InvalidDataException($"'{path}' lacks the tree version."),
                NextId = next ?? throw new InvalidDataException($"'{path}' lacks the next id."),
                Objects = [.. objects],
            };
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or PsomDecodeException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"'{path}' holds malformed state.", e);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temp file is garbage either way; a later save uses a new random name.
        }
    }
}
