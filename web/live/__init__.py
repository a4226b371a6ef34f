"""The live session (Socket.IO): namespace, feed of acts, guard, flood limits, queue, public notices."""
