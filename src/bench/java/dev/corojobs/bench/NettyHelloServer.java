package dev.corojobs.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The hello protocol on Netty 4.2, as a Netty user would write it: a handler accumulates the bytes until
 * the blank line, answers {@code Hello <message>} and closes after the write. Benchmark only.
 */
final class NettyHelloServer implements AutoCloseable {

    private static final byte[] HELLO = "Hello ".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group;
    private final Channel channel;

    private NettyHelloServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    static NettyHelloServer start(int port, int maxMessageBytes) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HelloHandler(maxMessageBytes));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        return new NettyHelloServer(group, channel);
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        group.shutdownGracefully().sync();
    }

    private static final class HelloHandler extends ChannelInboundHandlerAdapter {

        private final int maxMessageBytes;
        private ByteBuf received;
        private boolean answered;

        HelloHandler(int maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            if (answered) {
                in.release();
                return;
            }
            if (received == null) {
                received = in;
            } else {
                received = ctx.alloc().buffer(received.readableBytes() + in.readableBytes())
                        .writeBytes(received).writeBytes(in);
                in.release();
            }
            int end = terminator(received);
            if (end < 0) {
                if (received.readableBytes() > maxMessageBytes + 1) {
                    ctx.close();
                }
                return;
            }
            int length = end - received.readerIndex();
            if (length > maxMessageBytes) {
                ctx.close();
                return;
            }
            answered = true;
            ByteBuf reply = ctx.alloc().buffer(HELLO.length + length)
                    .writeBytes(HELLO)
                    .writeBytes(received, received.readerIndex(), length);
            received.release();
            received = null;
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        }

        /** Index of the blank line's first newline, or -1. */
        private static int terminator(ByteBuf bytes) {
            int from = bytes.readerIndex();
            int to = bytes.writerIndex();
            while (from < to) {
                int newline = bytes.indexOf(from, to, (byte) '\n');
                if (newline < 0 || newline + 1 >= to) {
                    return -1;
                }
                if (bytes.getByte(newline + 1) == '\n') {
                    return newline;
                }
                from = newline + 1;
            }
            return -1;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (received != null) {
                received.release();
                received = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
