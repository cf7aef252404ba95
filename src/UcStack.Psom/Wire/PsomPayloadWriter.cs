using System.Collections.Immutable;
using System.Formats.Cbor;

namespace UcStack.Psom;

/// <summary>
/// Writes message payloads as deterministic CBOR (RFC 8949 §4.2.1): definite lengths, shortest integer
/// and float forms, map keys sorted. Field keys are small unsigned integers (docs/psom-protocol.md §5).
/// </summary>
internal static class PsomPayloadWriter
{
    public static void Write(CborWriter w, PsomMessage message)
    {
        switch (message)
        {
            case PsomHelloMessage m:
                w.WriteStartMap(null);
                w.WriteInt32(0);
                w.WriteStartArray(m.Versions.Length);
                foreach (var v in m.Versions)
                {
                    w.WriteInt32(v);
                }

                w.WriteEndArray();
                Text(w, 1, m.ConferenceId);
                Text(w, 2, m.User);
                Int(w, 3, (long)m.Role);
                w.WriteInt32(4);
                w.WriteByteString(m.Token.Span);
                if (m.ClientName.Length > 0)
                {
                    Text(w, 5, m.ClientName);
                }

                w.WriteEndMap();
                break;
            case PsomWelcomeMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.Version);
                Int(w, 1, m.SessionId);
                Int(w, 2, m.RootId);
                Int(w, 3, m.TreeVersion);
                Int(w, 4, m.PingIntervalMilliseconds);
                Int(w, 5, m.MaxFrameLength);
                Int(w, 6, m.Incarnation);
                w.WriteEndMap();
                break;
            case PsomSubscribeMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.RequestId);
                Int(w, 1, m.ObjectId);
                Int(w, 2, m.Depth);
                if (m.SinceVersion is { } since)
                {
                    Int(w, 3, since);
                    Int(w, 4, m.Incarnation);
                }

                w.WriteEndMap();
                break;
            case PsomSnapshotMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.RequestId);
                Int(w, 1, m.ObjectId);
                Int(w, 2, m.TreeVersion);
                w.WriteInt32(3);
                w.WriteStartArray(m.Objects.Length);
                foreach (var o in m.Objects)
                {
                    WriteObject(w, o);
                }

                w.WriteEndArray();
                Last(w, m.IsLast);
                w.WriteEndMap();
                break;
            case PsomReplayMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.RequestId);
                Int(w, 1, m.ObjectId);
                Int(w, 2, m.TreeVersion);
                w.WriteInt32(3);
                w.WriteStartArray(m.Changes.Length);
                foreach (var c in m.Changes)
                {
                    WriteChange(w, c);
                }

                w.WriteEndArray();
                Last(w, m.IsLast);
                w.WriteEndMap();
                break;
            case PsomUnsubscribeMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.RequestId);
                Int(w, 1, m.ObjectId);
                w.WriteEndMap();
                break;
            case PsomCreateMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.RequestId);
                Int(w, 1, m.ParentId);
                Text(w, 2, m.TypeName);
                w.WriteInt32(3);
                WriteProperties(w, m.Properties);
                if (m.Persistent)
                {
                    w.WriteInt32(4);
                    w.WriteBoolean(true);
                }

                w.WriteEndMap();
                break;
            case PsomUpdateMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.RequestId);
                Int(w, 1, m.ObjectId);
                Int(w, 2, m.BaseVersion);
                w.WriteInt32(3);
                WriteProperties(w, m.Changes);
                w.WriteEndMap();
                break;
            case PsomDeleteMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.RequestId);
                Int(w, 1, m.ObjectId);
                Int(w, 2, m.BaseVersion);
                w.WriteEndMap();
                break;
            case PsomAckMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.RequestId);
                Int(w, 1, m.ObjectId);
                Int(w, 2, m.Version);
                Int(w, 3, m.TreeVersion);
                w.WriteEndMap();
                break;
            case PsomNackMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.RequestId);
                Int(w, 1, (long)m.Code);
                if (m.Detail.Length > 0)
                {
                    Text(w, 2, m.Detail);
                }

                if (m.Current is { } current)
                {
                    w.WriteInt32(3);
                    WriteObject(w, current);
                }

                w.WriteEndMap();
                break;
            case PsomEventMessage m:
                WriteChange(w, m.Change);
                break;
            case PsomInvokeMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.CallId);
                Int(w, 1, m.ObjectId);
                Text(w, 2, m.Method);
                w.WriteInt32(3);
                WriteProperties(w, m.Arguments);
                w.WriteEndMap();
                break;
            case PsomResultMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.CallId);
                Int(w, 1, (long)m.Code);
                w.WriteInt32(2);
                WriteProperties(w, m.Values);
                if (m.Detail.Length > 0)
                {
                    Text(w, 3, m.Detail);
                }

                w.WriteEndMap();
                break;
            case PsomPingMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.Nonce);
                w.WriteEndMap();
                break;
            case PsomPongMessage m:
                w.WriteStartMap(null);
                Int(w, 0, m.Nonce);
                w.WriteEndMap();
                break;
            case PsomByeMessage m:
                w.WriteStartMap(null);
                Int(w, 0, (long)m.Code);
                if (m.Detail.Length > 0)
                {
                    Text(w, 1, m.Detail);
                }

                w.WriteEndMap();
                break;
            default:
                throw new ArgumentException($"Unknown Psom message record {message.GetType().Name}.", nameof(message));
        }
    }

    public static void WriteObject(CborWriter w, PsomObject o)
    {
        w.WriteStartMap(null);
        Int(w, 0, o.Id);
        Int(w, 1, o.ParentId);
        Text(w, 2, o.TypeName);
        Int(w, 3, o.Version);
        if (o.Persistent)
        {
            w.WriteInt32(4);
            w.WriteBoolean(true);
        }

        if (o.Owner.Length > 0)
        {
            Text(w, 5, o.Owner);
        }

        w.WriteInt32(6);
        WriteProperties(w, o.Properties);
        w.WriteEndMap();
    }

    public static void WriteChange(CborWriter w, PsomChange c)
    {
        w.WriteStartMap(null);
        Int(w, 0, (long)c.Kind);
        Int(w, 1, c.TreeVersion);
        Int(w, 2, c.ObjectId);
        if (c.Object is { } o)
        {
            w.WriteInt32(3);
            WriteObject(w, o);
        }

        if (!c.DeletedIds.IsDefaultOrEmpty)
        {
            w.WriteInt32(4);
            w.WriteStartArray(c.DeletedIds.Length);
            foreach (var id in c.DeletedIds)
            {
                w.WriteInt64(id);
            }

            w.WriteEndArray();
        }

        w.WriteEndMap();
    }

    public static void WriteProperties(CborWriter w, ImmutableSortedDictionary<string, PsomValue> properties)
    {
        // Keys are text; the writer's canonical mode re-sorts them into deterministic order (RFC 8949 §4.2.1).
        w.WriteStartMap(properties.Count);
        foreach (var pair in properties)
        {
            w.WriteTextString(pair.Key);
            WriteValue(w, pair.Value);
        }

        w.WriteEndMap();
    }

    public static void WriteValue(CborWriter w, PsomValue value)
    {
        switch (value.Kind)
        {
            case PsomValueKind.Null:
                w.WriteNull();
                break;
            case PsomValueKind.Boolean:
                w.WriteBoolean(value.AsBoolean());
                break;
            case PsomValueKind.Integer:
                w.WriteInt64(value.AsInteger());
                break;
            case PsomValueKind.Double:
                w.WriteDouble(value.AsDouble());
                break;
            case PsomValueKind.Text:
                w.WriteTextString(value.AsText());
                break;
            default:
                w.WriteByteString(value.AsBytes().Span);
                break;
        }
    }

    private static void Last(CborWriter w, bool isLast)
    {
        if (!isLast)
        {
            w.WriteInt32(4);
            w.WriteBoolean(false);
        }
    }

    private static void Int(CborWriter w, int key, long value)
    {
        w.WriteInt32(key);
        w.WriteInt64(value);
    }

    private static void Text(CborWriter w, int key, string value)
    {
        w.WriteInt32(key);
        w.WriteTextString(value);
    }
}
