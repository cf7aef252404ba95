using System.Collections.Immutable;
using System.Formats.Cbor;
using System.Text;

namespace UcStack.Psom;

/// <summary>
/// Reads message payloads. The CBOR reader runs in canonical mode, so indefinite lengths, unsorted or
/// duplicate map keys and non-shortest encodings are rejected (RFC 8949 §4.2.1). Unknown field keys are
/// skipped so a later minor revision can add optional fields (docs/psom-protocol.md §9).
/// </summary>
internal static partial class PsomPayloadReader
{
    public static PsomMessage Read(CborReader r, PsomMessageType type) => type switch
    {
        PsomMessageType.Hello => ReadHello(r),
        PsomMessageType.Welcome => ReadWelcome(r),
        PsomMessageType.Subscribe => ReadSubscribe(r),
        PsomMessageType.Snapshot => ReadSnapshot(r),
        PsomMessageType.Replay => ReadReplay(r),
        PsomMessageType.Unsubscribe => ReadUnsubscribe(r),
        PsomMessageType.Create => ReadCreate(r),
        PsomMessageType.Update => ReadUpdate(r),
        PsomMessageType.Delete => ReadDelete(r),
        PsomMessageType.Ack => ReadAck(r),
        PsomMessageType.Nack => ReadNack(r),
        PsomMessageType.Event => new PsomEventMessage { Change = ReadChange(r) },
        PsomMessageType.Invoke => ReadInvoke(r),
        PsomMessageType.Result => ReadResult(r),
        PsomMessageType.Ping => new PsomPingMessage { Nonce = ReadSingleLong(r) },
        PsomMessageType.Pong => new PsomPongMessage { Nonce = ReadSingleLong(r) },
        PsomMessageType.Bye => ReadBye(r),
        _ => throw new PsomDecodeException(PsomParseErrorCode.UnknownMessageType, "type"),
    };

    private static PsomHelloMessage ReadHello(CborReader r)
    {
        ImmutableArray<int>? versions = null;
        string? conference = null, user = null, clientName = null;
        long? role = null;
        byte[]? token = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0:
                    var count = r.ReadStartArray() ?? throw Malformed("versions");
                    if (count is < 1 or > PsomWireLimits.MaxVersions)
                    {
                        throw new PsomDecodeException(PsomParseErrorCode.LimitExceeded, "versions");
                    }

                    var builder = ImmutableArray.CreateBuilder<int>(count);
                    for (var i = 0; i < count; i++)
                    {
                        var v = r.ReadInt64();
                        builder.Add(v is >= 1 and <= ushort.MaxValue ? (int)v : throw OutOfRange("versions"));
                    }

                    r.ReadEndArray();
                    versions = builder.MoveToImmutable();
                    break;
                case 1: conference = ReadText(r, PsomWireLimits.MaxIdentityBytes, "conferenceId"); break;
                case 2: user = ReadText(r, PsomWireLimits.MaxIdentityBytes, "user"); break;
                case 3: role = r.ReadInt64(); break;
                case 4: token = ReadBytes(r, PsomWireLimits.MaxTokenBytes, "token"); break;
                case 5: clientName = ReadText(r, PsomWireLimits.MaxIdentityBytes, "clientName"); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomHelloMessage
        {
            Versions = versions ?? throw Missing("versions"),
            ConferenceId = conference ?? throw Missing("conferenceId"),
            User = user ?? throw Missing("user"),
            Role = ToRole(role ?? throw Missing("role")),
            Token = token ?? throw Missing("token"),
            ClientName = clientName ?? string.Empty,
        };
    }

    private static PsomWelcomeMessage ReadWelcome(CborReader r)
    {
        long? version = null, session = null, root = null, tree = null, ping = null, maxFrame = null, incarnation = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: version = r.ReadInt64(); break;
                case 1: session = NonNegative(r, "sessionId"); break;
                case 2: root = NonNegative(r, "rootId"); break;
                case 3: tree = NonNegative(r, "treeVersion"); break;
                case 4: ping = NonNegative(r, "pingInterval"); break;
                case 5: maxFrame = r.ReadInt64(); break;
                case 6: incarnation = r.ReadInt64(); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        var v = version ?? throw Missing("version");
        var frame = maxFrame ?? throw Missing("maxFrameLength");
        return new PsomWelcomeMessage
        {
            Version = v is >= 1 and <= ushort.MaxValue ? (int)v : throw OutOfRange("version"),
            SessionId = session ?? throw Missing("sessionId"),
            RootId = root ?? throw Missing("rootId"),
            TreeVersion = tree ?? throw Missing("treeVersion"),
            PingIntervalMilliseconds = ping ?? throw Missing("pingInterval"),
            MaxFrameLength = frame is >= PsomWireLimits.MinMaxFrameLength and <= PsomWireLimits.DefaultMaxFrameLength
                ? (int)frame
                : throw OutOfRange("maxFrameLength"),
            Incarnation = incarnation ?? throw Missing("incarnation"),
        };
    }

    private static PsomSubscribeMessage ReadSubscribe(CborReader r)
    {
        long? request = null, obj = null, depth = null, since = null, incarnation = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: request = NonNegative(r, "requestId"); break;
                case 1: obj = NonNegative(r, "objectId"); break;
                case 2: depth = r.ReadInt64(); break;
                case 3: since = NonNegative(r, "sinceVersion"); break;
                case 4: incarnation = r.ReadInt64(); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        var d = depth ?? PsomSubscribeMessage.UnlimitedDepth;
        return new PsomSubscribeMessage
        {
            RequestId = request ?? throw Missing("requestId"),
            ObjectId = obj ?? throw Missing("objectId"),
            Depth = d is >= -1 and <= int.MaxValue ? (int)d : throw OutOfRange("depth"),
            SinceVersion = since,
            Incarnation = since is null ? 0 : incarnation ?? throw Missing("incarnation"),
        };
    }

    private static PsomSnapshotMessage ReadSnapshot(CborReader r)
    {
        long? request = null, obj = null, tree = null;
        ImmutableArray<PsomObject>? objects = null;
        var isLast = true;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: request = NonNegative(r, "requestId"); break;
                case 1: obj = NonNegative(r, "objectId"); break;
                case 2: tree = NonNegative(r, "treeVersion"); break;
                case 3: objects = ReadArray(r, ReadObject, "objects"); break;
                case 4: isLast = r.ReadBoolean(); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomSnapshotMessage
        {
            RequestId = request ?? throw Missing("requestId"),
            ObjectId = obj ?? throw Missing("objectId"),
            TreeVersion = tree ?? throw Missing("treeVersion"),
            Objects = objects ?? throw Missing("objects"),
            IsLast = isLast,
        };
    }

    private static PsomReplayMessage ReadReplay(CborReader r)
    {
        long? request = null, obj = null, tree = null;
        ImmutableArray<PsomChange>? changes = null;
        var isLast = true;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: request = NonNegative(r, "requestId"); break;
                case 1: obj = NonNegative(r, "objectId"); break;
                case 2: tree = NonNegative(r, "treeVersion"); break;
                case 3: changes = ReadArray(r, ReadChange, "changes"); break;
                case 4: isLast = r.ReadBoolean(); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomReplayMessage
        {
            RequestId = request ?? throw Missing("requestId"),
            ObjectId = obj ?? throw Missing("objectId"),
            TreeVersion = tree ?? throw Missing("treeVersion"),
            Changes = changes ?? throw Missing("changes"),
            IsLast = isLast,
        };
    }

    private static PsomUnsubscribeMessage ReadUnsubscribe(CborReader r)
    {
        long? request = null, obj = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: request = NonNegative(r, "requestId"); break;
                case 1: obj = NonNegative(r, "objectId"); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomUnsubscribeMessage { RequestId = request ?? throw Missing("requestId"), ObjectId = obj ?? throw Missing("objectId") };
    }

    private static PsomCreateMessage ReadCreate(CborReader r)
    {
        long? request = null, parent = null;
        string? type = null;
        ImmutableSortedDictionary<string, PsomValue>? props = null;
        var persistent = false;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: request = NonNegative(r, "requestId"); break;
                case 1: parent = NonNegative(r, "parentId"); break;
                case 2: type = ReadName(r, "typeName"); break;
                case 3: props = ReadProperties(r, allowNull: false, "properties"); break;
                case 4: persistent = r.ReadBoolean(); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomCreateMessage
        {
            RequestId = request ?? throw Missing("requestId"),
            ParentId = parent ?? throw Missing("parentId"),
            TypeName = type ?? throw Missing("typeName"),
            Properties = props ?? PsomProperties.Empty,
            Persistent = persistent,
        };
    }

    private static PsomUpdateMessage ReadUpdate(CborReader r)
    {
        long? request = null, obj = null, baseVersion = null;
        ImmutableSortedDictionary<string, PsomValue>? changes = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: request = NonNegative(r, "requestId"); break;
                case 1: obj = NonNegative(r, "objectId"); break;
                case 2: baseVersion = BaseVersion(r); break;
                case 3: changes = ReadProperties(r, allowNull: true, "changes"); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomUpdateMessage
        {
            RequestId = request ?? throw Missing("requestId"),
            ObjectId = obj ?? throw Missing("objectId"),
            BaseVersion = baseVersion ?? throw Missing("baseVersion"),
            Changes = changes ?? throw Missing("changes"),
        };
    }

    private static PsomDeleteMessage ReadDelete(CborReader r)
    {
        long? request = null, obj = null, baseVersion = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: request = NonNegative(r, "requestId"); break;
                case 1: obj = NonNegative(r, "objectId"); break;
                case 2: baseVersion = BaseVersion(r); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomDeleteMessage
        {
            RequestId = request ?? throw Missing("requestId"),
            ObjectId = obj ?? throw Missing("objectId"),
            BaseVersion = baseVersion ?? throw Missing("baseVersion"),
        };
    }

    private static PsomAckMessage ReadAck(CborReader r)
    {
        long? request = null, obj = null, version = null, tree = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: request = NonNegative(r, "requestId"); break;
                case 1: obj = NonNegative(r, "objectId"); break;
                case 2: version = NonNegative(r, "version"); break;
                case 3: tree = NonNegative(r, "treeVersion"); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomAckMessage
        {
            RequestId = request ?? throw Missing("requestId"),
            ObjectId = obj ?? throw Missing("objectId"),
            Version = version ?? throw Missing("version"),
            TreeVersion = tree ?? throw Missing("treeVersion"),
        };
    }

    private static PsomNackMessage ReadNack(CborReader r)
    {
        long? request = null, code = null;
        string? detail = null;
        PsomObject? current = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: request = NonNegative(r, "requestId"); break;
                case 1: code = NonNegative(r, "code"); break;
                case 2: detail = ReadText(r, PsomWireLimits.MaxIdentityBytes, "detail"); break;
                case 3: current = ReadObject(r); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomNackMessage
        {
            RequestId = request ?? throw Missing("requestId"),
            Code = ToError(code ?? throw Missing("code")),
            Detail = detail ?? string.Empty,
            Current = current,
        };
    }

    private static PsomInvokeMessage ReadInvoke(CborReader r)
    {
        long? call = null, obj = null;
        string? method = null;
        ImmutableSortedDictionary<string, PsomValue>? args = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: call = NonNegative(r, "callId"); break;
                case 1: obj = NonNegative(r, "objectId"); break;
                case 2: method = ReadName(r, "method"); break;
                case 3: args = ReadProperties(r, allowNull: false, "arguments"); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomInvokeMessage
        {
            CallId = call ?? throw Missing("callId"),
            ObjectId = obj ?? throw Missing("objectId"),
            Method = method ?? throw Missing("method"),
            Arguments = args ?? PsomProperties.Empty,
        };
    }

    private static PsomResultMessage ReadResult(CborReader r)
    {
        long? call = null, code = null;
        string? detail = null;
        ImmutableSortedDictionary<string, PsomValue>? values = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: call = NonNegative(r, "callId"); break;
                case 1: code = NonNegative(r, "code"); break;
                case 2: values = ReadProperties(r, allowNull: false, "values"); break;
                case 3: detail = ReadText(r, PsomWireLimits.MaxIdentityBytes, "detail"); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomResultMessage
        {
            CallId = call ?? throw Missing("callId"),
            Code = ToError(code ?? throw Missing("code")),
            Values = values ?? PsomProperties.Empty,
            Detail = detail ?? string.Empty,
        };
    }

    private static PsomByeMessage ReadBye(CborReader r)
    {
        long? code = null;
        string? detail = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: code = NonNegative(r, "code"); break;
                case 1: detail = ReadText(r, PsomWireLimits.MaxIdentityBytes, "detail"); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomByeMessage { Code = ToError(code ?? throw Missing("code")), Detail = detail ?? string.Empty };
    }

    private static long ReadSingleLong(CborReader r)
    {
        long? nonce = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            if (key == 0)
            {
                nonce = r.ReadInt64();
            }
            else
            {
                r.SkipValue();
            }
        }

        r.ReadEndMap();
        return nonce ?? throw Missing("nonce");
    }
}
