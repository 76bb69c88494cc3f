-- mention_id is unique in meeting_mentions.
select mention_id, count(*) as row_count
from meeting_mentions
group by mention_id
having count(*) > 1
