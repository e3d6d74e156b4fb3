-- CreateTable
CREATE TABLE "conversation_reference" (
    "channel_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "reference" JSONB NOT NULL,
    "unreachable" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "conversation_reference_pkey" PRIMARY KEY ("channel_id","conversation_id")
);

-- CreateTable
CREATE TABLE "directline_activity" (
    "id" BIGSERIAL NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "activity" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "directline_activity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "conversation_reference_channel_id_user_id_idx" ON "conversation_reference"("channel_id", "user_id");

-- CreateIndex
CREATE INDEX "directline_activity_conversation_id_id_idx" ON "directline_activity"("conversation_id", "id");
