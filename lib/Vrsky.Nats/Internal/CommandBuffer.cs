using System.Buffers;

namespace Vrsky.Nats.Internal;

/// <summary>
/// A contiguous, growable byte buffer over pooled arrays. Not thread-safe: <see cref="CommandWriter"/>
/// lets only the holder of its lock write, and only the pump read, each buffer.
/// </summary>
internal sealed class CommandBuffer : IBufferWriter<byte>
{
    private const int InitialSize = 64 * 1024;

    /// <summary>A buffer that grew past this (a burst, a reconnect backlog) goes back to the pool when cleared.</summary>
    private const int KeepSize = 1024 * 1024;

    private byte[] _array = ArrayPool<byte>.Shared.Rent(InitialSize);

    public int Written { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, Written);

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, Written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)(_array.Length - Written), nameof(count));
        Written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(Written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(Written);
    }

    /// <summary>Drops bytes written after <paramref name="length"/> (a command that must not be sent after all).</summary>
    public void Truncate(int length) => Written = Math.Min(Written, length);

    public void Clear()
    {
        Written = 0;
        if (_array.Length > KeepSize)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = ArrayPool<byte>.Shared.Rent(InitialSize);
        }
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_array.Length - Written >= sizeHint)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(_array.Length * 2L, (long)Written + sizeHint)));
        _array.AsSpan(0, Written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_array);
        _array = bigger;
    }
}
