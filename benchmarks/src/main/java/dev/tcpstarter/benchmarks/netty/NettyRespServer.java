package dev.tcpstarter.benchmarks.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;

import dev.tcpstarter.benchmarks.resp.RespCodec;
import dev.tcpstarter.benchmarks.resp.RespCommands;

/**
 * The RESP server on raw Netty 4.2: a frame decoder, one write per reply, one flush per
 * read burst.
 */
public final class NettyRespServer {

	private NettyRespServer() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		RespHandler handler = new RespHandler(new RespCommands());
		NettyServer.run("netty-resp", "127.0.0.1", port, new ChannelInitializer<SocketChannel>() {
			@Override
			protected void initChannel(SocketChannel ch) {
				ch.pipeline().addLast(new RespFrameDecoder(RespCodec.DEFAULT_MAX_COMMAND_SIZE), handler);
			}
		});
	}

	@Sharable
	static final class RespHandler extends SimpleChannelInboundHandler<byte[]> {

		private final RespCommands commands;

		RespHandler(RespCommands commands) {
			this.commands = commands;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, byte[] command) {
			byte[] reply = this.commands.execute(command);
			if (reply != null) {
				ctx.write(Unpooled.wrappedBuffer(reply), ctx.voidPromise());
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

}
