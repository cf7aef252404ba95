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

        foreach (var email in session.Emails)
        {
            output.Line((byte)'e', email);
        }

        foreach (var phone in session.Phones)
        {
            output.Line((byte)'p', phone);
        }

        if (session.Connection is { } connection)
        {
            WriteConnection(connection, ref output);
        }

        foreach (var bandwidth in session.Bandwidths)
        {
            WriteBandwidth(bandwidth, ref output);
        }

        foreach (var time in session.Times)
        {
            output.Write("t="u8);
            output.Write(time.Start);
            output.Write((byte)' ');
            output.Write(time.Stop);
            output.EndLine();
            foreach (var repeat in time.Repeats)
            {
                output.Line((byte)'r', repeat);
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
        foreach (var media in session.Media)
        {
            WriteMedia(media, ref output);
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
        foreach (var format in media.Formats)
        {
            output.Write((byte)' ');
            output.Write(format);
        }

        output.EndLine();
        if (media.Information is { } information)
        {
            output.Line((byte)'i', information);
        }

        foreach (var connection in media.Connections)
        {
            WriteConnection(connection, ref output);
        }

        foreach (var bandwidth in media.Bandwidths)
        {
            WriteBandwidth(bandwidth, ref output);
        }

        if (media.Key is { } key)
        {
            output.Line((byte)'k', key);
        }

        WriteAttributes(media.Attributes, ref output);
    }

    private static void WriteAttributes(SdpAttributeList attributes, ref SdpOutput output)
    {
        foreach (var attribute in attributes)
        {
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
