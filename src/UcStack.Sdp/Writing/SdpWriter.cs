namespace UcStack.Sdp;

/// <summary>Writes a session in the order of RFC 8866 §5, every line ending in CRLF.</summary>
internal static class SdpWriter
{
    public static void Write(SdpSession session, ref SdpOutput output)
    {
        if (session.Times.Count == 0)
        {
            throw new InvalidOperationException("RFC 8866 §5.9: a description needs at least one time description (t= line).");
        }

        output.Write("v=0"u8);
        output.EndLine();
        WriteOrigin(session.Origin, ref output);
        output.Line((byte)'s', session.SessionName);
        if (session.Information is { } information)
        {
            output.Line((byte)'i', information);
        }

        if (session.Uri is { } uri)
        {
            output.Line((byte)'u', uri);
        }

        if (session.EmailsOrNull is { } emails)
        {
            for (var i = 0; i < emails.Count; i++)
            {
                output.Line((byte)'e', emails[i]);
            }
        }

        if (session.PhonesOrNull is { } phones)
        {
            for (var i = 0; i < phones.Count; i++)
            {
                output.Line((byte)'p', phones[i]);
            }
        }

        if (session.Connection is { } connection)
        {
            WriteConnection(connection, ref output);
        }

        WriteBandwidths(session.BandwidthsOrNull, ref output);
        for (var t = 0; t < session.Times.Count; t++)
        {
            var time = session.Times[t];
            output.Write("t="u8);
            output.Write(time.Start);
            output.Write((byte)' ');
            output.Write(time.Stop);
            output.EndLine();
            for (var i = 0; i < time.Repeats.Count; i++)
            {
                output.Line((byte)'r', time.Repeats[i]);
            }

            if (time.ZoneAdjustments is { } zone)
            {
                output.Line((byte)'z', zone);
            }
        }

        if (session.Key is { } key)
        {
            output.Line((byte)'k', key);
        }

        WriteAttributes(session.Attributes, ref output);
        for (var i = 0; i < session.Media.Count; i++)
        {
            WriteMedia(session.Media[i], ref output);
        }
    }

    private static void WriteOrigin(SdpOrigin origin, ref SdpOutput output)
    {
        output.Write("o="u8);
        output.Write(origin.Username);
        output.Write((byte)' ');
        output.Write(origin.SessionId);
        output.Write((byte)' ');
        output.Write(origin.SessionVersion);
        output.Write((byte)' ');
        output.Write(origin.NetType);
        output.Write((byte)' ');
        output.Write(origin.AddressType);
        output.Write((byte)' ');
        output.Write(origin.Address);
        output.EndLine();
    }

    private static void WriteConnection(SdpConnection connection, ref SdpOutput output)
    {
        output.Write("c="u8);
        output.Write(connection.NetType);
        output.Write((byte)' ');
        output.Write(connection.AddressType);
        output.Write((byte)' ');
        output.Write(connection.Address);
        if (connection.Ttl is { } ttl)
        {
            output.Write((byte)'/');
            output.Write(ttl);
        }

        if (connection.AddressCount is { } count)
        {
            output.Write((byte)'/');
            output.Write(count);
        }

        output.EndLine();
    }

    private static void WriteBandwidths(ValidatedList<SdpBandwidth>? bandwidths, ref SdpOutput output)
    {
        if (bandwidths is null)
        {
            return;
        }

        for (var i = 0; i < bandwidths.Count; i++)
        {
            WriteBandwidth(bandwidths[i], ref output);
        }
    }

    private static void WriteBandwidth(SdpBandwidth bandwidth, ref SdpOutput output)
    {
        output.Write("b="u8);
        output.Write(bandwidth.Type);
        output.Write((byte)':');
        output.Write(bandwidth.Value);
        output.EndLine();
    }

    private static void WriteMedia(SdpMedia media, ref SdpOutput output)
    {
        if (media.Formats.Count == 0)
        {
            throw new InvalidOperationException($"RFC 8866 §5.14: the {media.MediaType} media section needs at least one format.");
        }

        output.Write("m="u8);
        output.Write(media.MediaType);
        output.Write((byte)' ');
        output.Write(media.Port);
        if (media.PortCount is { } count)
        {
            output.Write((byte)'/');
            output.Write(count);
        }

        output.Write((byte)' ');
        output.Write(media.Protocol);
        for (var i = 0; i < media.Formats.Count; i++)
        {
            output.Write((byte)' ');
            output.Write(media.Formats[i]);
        }

        output.EndLine();
        if (media.Information is { } information)
        {
            output.Line((byte)'i', information);
        }

        if (media.ConnectionsOrNull is { } connections)
        {
            for (var i = 0; i < connections.Count; i++)
            {
                WriteConnection(connections[i], ref output);
            }
        }

        WriteBandwidths(media.BandwidthsOrNull, ref output);

        if (media.Key is { } key)
        {
            output.Line((byte)'k', key);
        }

        WriteAttributes(media.Attributes, ref output);
    }

    private static void WriteAttributes(SdpAttributeList attributes, ref SdpOutput output)
    {
        if (attributes.IsPending)
        {
            // Unread parsed lines go out as the bytes they came from.
            var pending = attributes.Pending;
            var source = pending.Source;
            for (var i = 0; i < pending.Count; i++)
            {
                var entry = pending[i];
                output.Write("a="u8);
                output.Write(source.Slice(entry.NameStart, entry.NameLength));
                if (entry.HasValue)
                {
                    output.Write((byte)':');
                    output.Write(source.Slice(entry.ValueStart, entry.ValueLength));
                }

                output.EndLine();
            }

            return;
        }

        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            output.Write("a="u8);
            output.Write(attribute.Name);
            if (attribute.HasValue)
            {
                output.Write((byte)':');
                if (attribute.HasRawValue)
                {
                    output.Write(attribute.RawValue);
                }
                else
                {
                    output.Write(attribute.Value!);
                }
            }

            output.EndLine();
        }
    }
}
