-- CreateEnum
CREATE TYPE "Direction" AS ENUM ('IN', 'OUT');

-- CreateTable
CREATE TABLE "bot_state" (
    "key" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "etag" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "bot_state_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "transcript_entry" (
    "id" BIGSERIAL NOT NULL,
    "channel_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "direction" "Direction" NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transcript_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bot_state_updated_at_idx" ON "bot_state"("updated_at");

-- CreateIndex
CREATE INDEX "transcript_entry_conversation_id_id_idx" ON "transcript_entry"("conversation_id", "id");

-- CreateIndex
CREATE INDEX "transcript_entry_channel_id_user_id_idx" ON "transcript_entry"("channel_id", "user_id");

-- CreateIndex
CREATE INDEX "transcript_entry_created_at_idx" ON "transcript_entry"("created_at");
