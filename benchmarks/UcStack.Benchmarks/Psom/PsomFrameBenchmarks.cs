using BenchmarkDotNet.Attributes;
using UcStack.Psom;

namespace UcStack.Benchmarks.Psom;

/// <summary>Psom frame codec: encode and decode a typical Event (a slide-deck page turn with five properties).</summary>
[MemoryDiagnoser]
public class PsomFrameBenchmarks
{
    private readonly PsomEventMessage _event = new()
    {
        Change = new PsomChange
        {
            Kind = PsomChangeKind.Updated,
            TreeVersion = 123_456,
            ObjectId = 42,
            Object = new PsomObject
            {
                Id = 42,
                ParentId = 1,
                TypeName = PsomObjectTypes.SlideDeck,
                Version = 17,
                Persistent = true,
                Owner = "alice@contoso.example",
                Properties = PsomProperties.Of(
                    KeyValuePair.Create("title", PsomValue.FromText("Quarterly review")),
                    KeyValuePair.Create("currentPage", PsomValue.FromInteger(12)),
                    KeyValuePair.Create("pageCount", PsomValue.FromInteger(40)),
                    KeyValuePair.Create("contentUrl", PsomValue.FromText("https://wcs.contoso.example/psom-content/0123456789abcdef0123456789abcdef")),
                    KeyValuePair.Create("contentKey", PsomValue.FromBytes(new byte[32]))),
            },
        },
    };

    private readonly System.Formats.Cbor.CborWriter _writer = PsomFrameCodec.CreateWriter();
    private byte[] _frame = [];

    [GlobalSetup]
    public void Setup() => _frame = PsomFrameCodec.Encode(_event, 1);

    [Benchmark]
    public byte[] EncodeEvent() => PsomFrameCodec.Encode(_writer, _event, 1);

    [Benchmark]
    public PsomMessage DecodeEvent()
    {
        PsomFrameCodec.TryDecode(_frame, PsomWireLimits.DefaultMaxFrameLength, out var frame, out _, out _);
        return frame.Message;
    }
}
